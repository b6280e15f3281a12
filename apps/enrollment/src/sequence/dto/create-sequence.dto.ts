import { z } from 'zod';
import { sequenceNodeSchema } from '../sequence-definition';

export const enrollmentRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once') }),
  z.object({ kind: z.literal('after_days'), days: z.number().int().min(1).max(3650) }),
  z.object({ kind: z.literal('exclusive'), onConflict: z.enum(['refuse', 'move']) }),
]);
export type EnrollmentRule = z.infer<typeof enrollmentRuleSchema>;

/** What a user sets on a sequence: all of it at creation, any of it in an edit. */
export const sequenceFields = {
  name: z.string().trim().min(1).max(200),
  steps: z.array(sequenceNodeSchema).min(1).max(100),
  enrollmentRule: enrollmentRuleSchema,
  openTrackingEnabled: z.boolean(),
};

export const createSequenceBodySchema = z
  .object({
    ...sequenceFields,
    enrollmentRule: sequenceFields.enrollmentRule.default({ kind: 'once' }),
    openTrackingEnabled: sequenceFields.openTrackingEnabled.default(true),
  })
  .strict()
  .meta({ id: 'CreateSequenceBody' });
export type CreateSequenceBody = z.infer<typeof createSequenceBodySchema>;
