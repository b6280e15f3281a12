import { z } from 'zod';
import { defineMessage } from '../envelope';
import { stepAttemptSchema, stepDeliverySchema } from '../domain';

/** Command to a channel service: send this step attempt now. */
export const stepDueSchema = defineMessage(
  'step.due',
  1,
  z.object({
    step: stepAttemptSchema,
    delivery: stepDeliverySchema,
    timerId: z.string().min(1).max(200),
    timerVersion: z.number().int().min(1),
    dueAt: z.iso.datetime({ offset: true }),
    firedAt: z.iso.datetime({ offset: true }),
  }),
);
export type StepDue = z.infer<typeof stepDueSchema>;
