import { z } from 'zod';
import { defineMessage } from '../envelope';

/** A notify timer came due; enrollment decides what it means for the recipient. */
export const timerFiredSchema = defineMessage(
  'timer.fired',
  1,
  z.object({
    timerId: z.string().min(1).max(200),
    version: z.number().int().min(1),
    reason: z.enum(['delay_elapsed', 'task_overdue', 'manual_email_overdue', 'out_of_office_resume']),
    enrollmentId: z.string().min(1).max(64),
    stepId: z.string().min(1).max(64).optional(),
    dueAt: z.iso.datetime({ offset: true }),
    firedAt: z.iso.datetime({ offset: true }),
  }),
);
export type TimerFired = z.infer<typeof timerFiredSchema>;

/**
 * A due send step was held back: it fires at `until` instead (same timer, same version). Enrollment
 * shows it as the recipient's substatus.
 */
export const timerDeferredSchema = defineMessage(
  'timer.deferred',
  1,
  z.object({
    timerId: z.string().min(1).max(200),
    version: z.number().int().min(1),
    reason: z.enum(['outside_working_hours', 'identity_limit_reached']),
    enrollmentId: z.string().min(1).max(64),
    stepId: z.string().min(1).max(64),
    until: z.iso.datetime({ offset: true }).describe('When the dispatcher tries the send again'),
  }),
);
export type TimerDeferred = z.infer<typeof timerDeferredSchema>;

/** Everything on the timer-fired topic. */
export const timerFiredTopicSchema = z.discriminatedUnion('type', [timerFiredSchema, timerDeferredSchema]);
export type TimerFiredTopicMessage = z.infer<typeof timerFiredTopicSchema>;
