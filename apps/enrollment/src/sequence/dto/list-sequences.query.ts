import { z } from 'zod';

export const listSequencesQuerySchema = z
  .object({ status: z.enum(['draft', 'active', 'paused', 'archived']).optional() })
  .meta({ id: 'ListSequencesQuery' });
export type ListSequencesQuery = z.infer<typeof listSequencesQuerySchema>;
