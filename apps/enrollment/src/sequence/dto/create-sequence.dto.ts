import { z } from 'zod';
import { sequenceNodeSchema } from '../sequence-definition';

export const enrollmentRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once') }),
  z.object({ kind: z.literal('after_days'), days: z.number().int().min(1).max(3650) }),
  z.object({ kind: z.literal('exclusive'), onConflict: z.enum(['refuse', 'move']) }),
]);
export type EnrollmentRule = z.infer<typeof enrollmentRuleSchema>;

export const createSequenceBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    steps: z.array(sequenceNodeSchema).min(1).max(100),
    enrollmentRule: enrollmentRuleSchema.default({ kind: 'once' }),
    openTrackingEnabled: z.boolean().default(true),
  })
  .strict()
  .meta({ id: 'CreateSequenceBody' });
export type CreateSequenceBody = z.infer<typeof createSequenceBodySchema>;
