import { z } from 'zod';
import { sequenceNodeSchema } from '../../recipient-core/sequence-definition';
import { enrollmentRuleSchema } from '../../recipient-core/enrollment-rule';

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
