import { z } from 'zod';
import { isTimeZone } from '../../recipient-core/send-window';
import { phoneNumberSchema } from '../../enrollment/dto/enroll-recipients.dto';

/**
 * A recipient's contact fields, variables and time zone, as a recruiter corrects them (the fix an
 * Error suggests: add the missing email or phone, then retry). A field given null is cleared;
 * `variables` replaces the stored ones. Steps planned from now on use the new values.
 */
export const updateRecipientBodySchema = z
  .object({
    email: z.email().max(320).toLowerCase().nullable().optional(),
    phone: phoneNumberSchema.nullable().optional(),
    linkedinProfile: z.url().max(500).nullable().optional(),
    timezone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin')
      .nullable()
      .optional(),
    variables: z.record(z.string().max(100), z.string().max(2000)).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change', path: ['email'] })
  .meta({ id: 'UpdateRecipientBody' });
export type UpdateRecipientBody = z.infer<typeof updateRecipientBodySchema>;
