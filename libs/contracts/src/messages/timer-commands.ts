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

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().min(1).max(64).refine(isTimeZone, { error: 'expected an IANA time zone' });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'expected HH:MM' });

/** When a send step may go out: the working hours and days of its sender identity. */
export const sendWindowSchema = z
  .object({
    timezone: timeZone.describe("The recipient's time zone when known, else the sender identity's"),
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .describe('Working days, ISO numbering: 1 = Monday ... 7 = Sunday'),
    start: clockTime.describe('Local time the window opens (inclusive)'),
    end: clockTime.describe('Local time the window closes (exclusive); 24:00 for midnight'),
    holidays: z
      .array(z.iso.date())
      .max(400)
      .optional()
      .describe("Local dates (in `timezone`) of the tenant's or identity's holidays: no sends on them"),
  })
  .refine((window) => window.start < window.end, { error: 'start must be before end', path: ['end'] });
export type SendWindow = z.infer<typeof sendWindowSchema>;

/** How much one sender identity may send; counted by the dispatcher across all its instances. */
export const senderLimitsSchema = z.object({
  identityId: z.string().min(1).max(64),
  timezone: timeZone
    .optional()
    .describe("The identity's time zone, where its hours, days and weeks start for the caps (default UTC)"),
  hourlyCap: z.number().int().min(0).optional().describe('Sends per identity per local clock hour'),
  dailyCap: z.number().int().min(0).optional().describe('Sends per identity per local day'),
  weeklyCap: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Sends per identity per local ISO week (Monday to Sunday); LinkedIn invitations are capped weekly'),
  minSpacingSeconds: z.number().int().min(1).optional().describe('Least time between two sends of the identity'),
});
export type SenderLimits = z.infer<typeof senderLimitsSchema>;

/**
 * A step send becomes due: the dispatcher emits a step-due command on the channel topic, once
 * inside its window and within its sender's limits (both optional: without them it fires when due).
 */
const sendStepAction = z.object({
  kind: z.literal('send_step'),
  step: stepAttemptSchema,
  delivery: stepDeliverySchema,
  window: sendWindowSchema.optional(),
  limits: senderLimitsSchema.optional(),
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
