import { z } from 'zod';

const isoDateTime = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-12-01T09:00:00Z' })
  .transform((value) => new Date(value));

/**
 * Newest first; `cursor` is the `nextCursor` of the page before (the last entry's id). A recipient is
 * picked by its enrollment id or its email; `from` is inclusive, `to` exclusive.
 */
export const listActivityQuerySchema = z
  .object({
    stepId: z.string().min(1).max(64).optional().describe('Only entries on this step'),
    enrollmentId: z.string().min(1).max(64).optional().describe('Only this recipient, by enrollment id'),
    email: z.email().max(320).toLowerCase().optional().describe("Only this recipient, by the recipient's email"),
    from: isoDateTime.optional().describe('Entries at or after this instant'),
    to: isoDateTime.optional().describe('Entries before this instant'),
    cursor: z
      .string()
      .max(20)
      .regex(/^[1-9]\d*$/, 'expected the nextCursor of the previous page')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, {
    path: ['from'],
    message: 'from must be before to',
  })
  .meta({ id: 'ListActivityQuery' });
export type ListActivityQuery = z.infer<typeof listActivityQuerySchema>;
