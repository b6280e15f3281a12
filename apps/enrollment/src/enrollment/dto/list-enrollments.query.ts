import { z } from 'zod';
import { recipientStatusSchema } from '@stepwise/contracts';

export const listEnrollmentsQuerySchema = z
  .object({
    status: z
      .string()
      .transform((value) => value.split(','))
      .pipe(z.array(recipientStatusSchema))
      .optional()
      .describe('Comma-separated status chips'),
    stepId: z.string().max(64).optional(),
    updatedSince: z.coerce.date({ error: 'expected an ISO 8601 date-time such as 2026-12-01T09:00:00Z' }).optional(),
    cursor: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .meta({ id: 'ListEnrollmentsQuery' });
export type ListEnrollmentsQuery = z.infer<typeof listEnrollmentsQuerySchema>;
