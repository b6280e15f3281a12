import { z } from 'zod';
import { isTimeZone } from '../../recipient-core/send-window';
import { toE164 } from '../../recipient-core/phone-number';

/** A phone number valid in its country's numbering plan, stored in E.164. */
export const phoneNumberSchema = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const e164 = toE164(value);
    if (e164) return e164;
    ctx.addIssue({ code: 'custom', message: 'expected a phone number in international format, such as +14155552671' });
    return z.NEVER;
  });

export const MAX_RECIPIENTS_PER_REQUEST = 100_000;

/** One row of a bulk enrollment; each row is validated on its own so one bad row rejects only itself. */
export const recipientRowSchema = z
  .object({
    email: z.email().max(320).toLowerCase().optional(),
    phone: phoneNumberSchema.optional(),
    linkedinProfile: z.url().max(500).optional(),
    firstName: z.string().max(100).optional(),
    lastName: z.string().max(100).optional(),
    timezone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin')
      .optional()
      .describe("The recipient's time zone: sends go out in the sender's working hours of this zone"),
    variables: z.record(z.string().max(100), z.string().max(2000)).optional(),
  })
  .strict()
  .refine((row) => Boolean(row.email ?? row.phone ?? row.linkedinProfile), {
    message: 'a recipient needs an email, phone or linkedinProfile',
    path: ['email'],
  })
  .meta({ id: 'RecipientRow' });
export type RecipientRow = z.infer<typeof recipientRowSchema>;

export const enrollRecipientsBodySchema = z
  .object({ recipients: z.array(z.unknown()).min(1).max(MAX_RECIPIENTS_PER_REQUEST) })
  .strict()
  .meta({ id: 'EnrollRecipientsBody' });
export type EnrollRecipientsBody = z.infer<typeof enrollRecipientsBodySchema>;

export interface RejectedRow {
  index: number;
  field?: string;
  reason: string;
}

export interface EnrollRecipientsResult {
  enrolled: { index: number; enrollmentId: string; recipientId: string }[];
  rejected: RejectedRow[];
}
