import { z } from 'zod';
import { sequenceFields } from './create-sequence.dto';

/** PATCH: only the fields sent change. After launch, `steps` may change content and delays, not structure. */
export const editSequenceBodySchema = z
  .object(sequenceFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'send at least one of name, steps, enrollmentRule, openTrackingEnabled',
  })
  .meta({ id: 'EditSequenceBody' });
export type EditSequenceBody = z.infer<typeof editSequenceBodySchema>;
