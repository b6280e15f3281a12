import { z } from 'zod';
import { phoneNumberSchema } from '../../enrollment/dto/enroll-recipients.dto';

export const SUPPRESSION_KINDS = ['email', 'phone', 'linkedin'] as const;
export const MAX_SUPPRESSIONS_PER_REQUEST = 10_000;

const who = z.string().trim().min(1).max(200).describe('Who made the change (a user name or service)');
const why = z.string().trim().min(1).max(500);

/** One address to keep from every sequence of the tenant; its value is normalised as enrolment does. */
export const suppressionEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), value: z.email().max(320).toLowerCase(), reason: why }),
  z.object({ kind: z.literal('phone'), value: phoneNumberSchema, reason: why }),
  z.object({ kind: z.literal('linkedin'), value: z.url().max(500), reason: why }),
]);

/** Add one entry or import many: entries already on the list keep their first reason. */
export const addSuppressionsBodySchema = z
  .object({ by: who, entries: z.array(suppressionEntrySchema).min(1).max(MAX_SUPPRESSIONS_PER_REQUEST) })
  .strict()
  .meta({ id: 'AddSuppressionsBody' });
export type AddSuppressionsBody = z.infer<typeof addSuppressionsBodySchema>;

export const removeSuppressionBodySchema = z
  .object({ kind: z.enum(SUPPRESSION_KINDS), value: z.string().min(1).max(500), by: who, reason: why })
  .strict()
  .meta({ id: 'RemoveSuppressionBody' });
export type RemoveSuppressionBody = z.infer<typeof removeSuppressionBodySchema>;

export const listSuppressionsQuerySchema = z
  .object({
    kind: z.enum(SUPPRESSION_KINDS).optional(),
    cursor: z.string().max(600).optional().describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .meta({ id: 'ListSuppressionsQuery' });
export type ListSuppressionsQuery = z.infer<typeof listSuppressionsQuerySchema>;
