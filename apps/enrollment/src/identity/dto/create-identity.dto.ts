import { z } from 'zod';

const workingHoursSchema = z.object({
  days: z.array(z.number().int().min(0).max(6)).min(1).describe('0 = Sunday'),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
});

export const createIdentityBodySchema = z
  .object({
    channel: z.enum(['email', 'sms', 'social']),
    address: z.string().trim().min(1).max(320).describe('Mailbox, phone number (E.164) or social account id'),
    displayName: z.string().max(200).optional(),
    timezone: z
      .string()
      .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'unknown IANA timezone')
      .default('UTC'),
    dailyLimit: z.number().int().min(1).max(100_000).optional(),
    workingHours: workingHoursSchema.optional(),
  })
  .strict()
  .meta({ id: 'CreateIdentityBody' });
export type CreateIdentityBody = z.infer<typeof createIdentityBodySchema>;
