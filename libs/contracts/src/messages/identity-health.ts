import { z } from 'zod';
import { defineMessage } from '../envelope';
import { channelSchema } from '../domain';

/** One protocol's login check; `problem` is written for the recruiter who has to fix it. */
export const connectionCheckSchema = z.object({ ok: z.boolean(), problem: z.string().max(2000).optional() });
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>;

/** A sender identity lost or regained its login; enrollment pauses or resumes its recipients. */
export const identityHealthSchema = defineMessage(
  'identity.health',
  1,
  z.object({
    identityId: z.string().min(1).max(64),
    channel: channelSchema,
    state: z.enum(['auth_lost', 'auth_restored']),
    reason: z.string().max(2000).optional(),
    /** Present when the report answers a verify request (identity.connection's verificationId). */
    verification: z
      .object({
        id: z.string().min(1).max(64),
        smtp: connectionCheckSchema,
        imap: connectionCheckSchema.optional(),
      })
      .optional(),
  }),
);
export type IdentityHealth = z.infer<typeof identityHealthSchema>;
