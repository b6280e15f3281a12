import { z } from 'zod';
import { defineMessage } from '../envelope';
import { channelSchema } from '../domain';

/** A sender identity lost or regained its login; enrollment pauses or resumes its recipients. */
export const identityHealthSchema = defineMessage(
  'identity.health',
  1,
  z.object({
    identityId: z.string().min(1).max(64),
    channel: channelSchema,
    state: z.enum(['auth_lost', 'auth_restored']),
    reason: z.string().max(2000).optional(),
  }),
);
export type IdentityHealth = z.infer<typeof identityHealthSchema>;
