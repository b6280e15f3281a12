import { z } from 'zod';
import { isTimeZone } from '../../recipient-core/send-window';

const workingHoursSchema = z.object({
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7).describe('ISO weekdays: 1 = Monday ... 7 = Sunday'),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM'),
  holidays: z.array(z.iso.date()).max(366).optional().describe('Dates off, YYYY-MM-DD'),
});

export const createIdentityBodySchema = z
  .object({
    channel: z.enum(['email', 'sms', 'social']),
    address: z.string().trim().min(1).max(320).describe('Mailbox, phone number (E.164) or social account id'),
    displayName: z.string().max(200).optional(),
    timezone: z
      .string()
      // Not Intl.supportedValuesOf: it lists only canonical names, so it refuses Asia/Kolkata or Europe/Kyiv.
      .refine(isTimeZone, 'unknown IANA timezone')
      .default('UTC'),
    hourlyLimit: z.number().int().min(1).max(10_000).optional().describe('Sends per local clock hour of the identity'),
    dailyLimit: z.number().int().min(1).max(100_000).optional().describe('Sends per local day of the identity'),
    weeklyLimit: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('Sends per local ISO week (Monday to Sunday), as LinkedIn caps invitations'),
    workingHours: workingHoursSchema.optional(),
  })
  .strict()
  .meta({ id: 'CreateIdentityBody' });
export type CreateIdentityBody = z.infer<typeof createIdentityBodySchema>;
