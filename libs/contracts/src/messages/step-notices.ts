import { z } from 'zod';
import { defineMessage } from '../envelope';
import { channelSchema, stepAttemptSchema } from '../domain';
import { recipientStatusSchema } from './enrollment-events';

/**
 * A channel refused to send a step attempt because the enrollment had halted (replied, stopped,
 * bounced, unsubscribed, completed, paused) after the step was fired. Nothing reached the provider.
 * Not a step.outcome: the attempt did not happen, and a paused recipient gets the same attempt
 * again on resume.
 */
export const stepSkippedSchema = defineMessage(
  'step.skipped',
  1,
  z.object({
    step: stepAttemptSchema,
    channel: channelSchema,
    reason: z.enum(['enrollment_halted']),
    enrollmentStatus: recipientStatusSchema.describe('The status the enrollment had halted in'),
    detail: z.string().max(500),
  }),
);
export type StepSkipped = z.infer<typeof stepSkippedSchema>;

/**
 * A channel holds a step attempt back until the recipient becomes reachable: a LinkedIn message
 * to someone who has not accepted the sender's connection request yet. The attempt ends later
 * with its step.outcome: sent once connected, or failed when `waitUntil` passes.
 */
export const stepWaitingSchema = defineMessage(
  'step.waiting',
  1,
  z.object({
    step: stepAttemptSchema,
    channel: channelSchema,
    substatus: z.enum(['waiting_to_connect']),
    waitUntil: z.iso.datetime({ offset: true }).describe('When the attempt fails if still waiting'),
  }),
);
export type StepWaiting = z.infer<typeof stepWaitingSchema>;

export const stepNoticeSchema = z.discriminatedUnion('type', [stepSkippedSchema, stepWaitingSchema]);
export type StepNotice = z.infer<typeof stepNoticeSchema>;
