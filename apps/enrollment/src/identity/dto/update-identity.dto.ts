import { z } from 'zod';
import { identityConnectionBodySchema } from '@stepwise/contracts';
import { createIdentityBodySchema } from './create-identity.dto';

const shape = createIdentityBodySchema.shape;

/** Every field optional; null clears a limit, the working hours, or the connection. */
export const updateIdentityBodySchema = z
  .object({
    displayName: shape.displayName.unwrap().nullable().optional(),
    timezone: z
      .string()
      .refine((tz) => shape.timezone.safeParse(tz).success, 'unknown IANA timezone')
      .optional(),
    hourlyLimit: shape.hourlyLimit.unwrap().nullable().optional(),
    dailyLimit: shape.dailyLimit.unwrap().nullable().optional(),
    weeklyLimit: shape.weeklyLimit.unwrap().nullable().optional(),
    workingHours: shape.workingHours.unwrap().nullable().optional().describe('Days, hours and holidays (dates off)'),
    connection: identityConnectionBodySchema
      .nullable()
      .optional()
      .describe(
        'Email identities: the SMTP server to send through and the IMAP mailbox replies arrive in; null removes it',
      ),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .meta({ id: 'UpdateIdentityBody' });
export type UpdateIdentityBody = z.infer<typeof updateIdentityBodySchema>;
