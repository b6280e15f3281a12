import { z } from 'zod';
import { defineMessage } from '../envelope';
import { stepAttemptSchema, stepDeliverySchema } from '../domain';

const timerRef = {
  timerId: z.string().min(1).max(200).describe('Stable id of the timer; one pending timer per id'),
  version: z
    .number()
    .int()
    .min(1)
    .describe('Increases with every change of the timer; a lower version never overrides a higher one'),
};

/** A step send becomes due: the dispatcher emits a step-due command on the channel topic. */
const sendStepAction = z.object({
  kind: z.literal('send_step'),
  step: stepAttemptSchema,
  delivery: stepDeliverySchema,
});

/** Not a send: the dispatcher hands the firing back to enrollment (delay elapsed, overdue, auto-resume). */
const notifyAction = z.object({
  kind: z.literal('notify'),
  reason: z.enum(['delay_elapsed', 'task_overdue', 'manual_email_overdue', 'out_of_office_resume']),
  enrollmentId: z.string().min(1).max(64),
  stepId: z.string().min(1).max(64).optional(),
});

export const timerActionSchema = z.discriminatedUnion('kind', [sendStepAction, notifyAction]);
export type TimerAction = z.infer<typeof timerActionSchema>;

export const timerScheduledSchema = defineMessage(
  'timer.scheduled',
  1,
  z.object({
    ...timerRef,
    dueAt: z.iso.datetime({ offset: true }),
    action: timerActionSchema,
  }),
);
export type TimerScheduled = z.infer<typeof timerScheduledSchema>;

export const timerCancelledSchema = defineMessage('timer.cancelled', 1, z.object(timerRef));
export type TimerCancelled = z.infer<typeof timerCancelledSchema>;

export const timerCommandSchema = z.discriminatedUnion('type', [timerScheduledSchema, timerCancelledSchema]);
export type TimerCommand = z.infer<typeof timerCommandSchema>;
