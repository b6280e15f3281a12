import { z } from 'zod';

/** Newest first; `cursor` is the `nextCursor` of the page before (the last sequence's creation time and id). */
export const listSequencesQuerySchema = z
  .object({
    status: z.enum(['draft', 'active', 'paused', 'archived']).optional(),
    cursor: z
      .string()
      .max(120)
      .regex(
        /^(19[7-9]\d|2\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\|[A-Za-z0-9_-]+$/,
        'expected the nextCursor of the previous page',
      )
      .refine(
        (cursor) => !Number.isNaN(Date.parse(cursor.split('|')[0])),
        'expected the nextCursor of the previous page',
      )
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .meta({ id: 'ListSequencesQuery' });
export type ListSequencesQuery = z.infer<typeof listSequencesQuerySchema>;
