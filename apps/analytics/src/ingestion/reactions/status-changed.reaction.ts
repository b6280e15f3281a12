import type { StatusChangedMessage } from '../analytics-message';
import type { Position } from '../enrollment-position';
import type { RecipientStepFact } from '../recipient-step-fact';
import { factFlags, type RecipientFlag } from '../recipient-step-flags';

/**
 * A status names the step the recipient is at after the change. Error there means the step failed
 * for it (also when enrollment failed it before any channel saw it, e.g. a missing email address);
 * Pending Action there means the step ran: the task was created, the manual email is waiting.
 * Replied names the step the reply answered apart (`answeredStepId`): the recipient may already be
 * queued for a later one. A reply reported on the public topic reaches analytics only this way; one
 * a channel saw also arrives as its replied outcome, which joins into the same flag.
 */
export function statusChangedFact(message: StatusChangedMessage): RecipientStepFact | null {
  const { sequenceId, stepId, enrollmentId, to, answeredStepId } = message.payload;
  const [factStepId, flag] = stepFlagOf(to, stepId, answeredStepId);
  if (!factStepId || !flag) return null;
  return {
    sequenceId,
    stepId: factStepId,
    enrollmentId,
    flags: factFlags(flag),
    occurredAt: new Date(message.occurredAt),
  };
}

function stepFlagOf(
  to: StatusChangedMessage['payload']['to'],
  stepId: string | undefined,
  answeredStepId: string | undefined,
): [string | undefined, RecipientFlag | null] {
  if (to === 'error') return [stepId, 'errored'];
  if (to === 'pending_action') return [stepId, 'attempted'];
  if (to === 'replied') return [answeredStepId, 'replied'];
  return [undefined, null];
}

/** The position the change puts the recipient in; `offset` orders changes within the enrollment's partition. */
export function statusChangedPosition(message: StatusChangedMessage, offset: string): Position {
  const { stepId, to, substatus } = message.payload;
  return {
    stepId: stepId ?? null,
    status: to,
    substatus: substatus ?? null,
    version: { occurredAt: new Date(message.occurredAt), offset: BigInt(offset) },
  };
}

/** Statuses that end the recipient's run in the sequence: nothing more is attempted at its step. */
const HALTING: ReadonlySet<StatusChangedMessage['payload']['to']> = new Set([
  'stopped',
  'replied',
  'bounced',
  'unsubscribed',
  'completed',
  'not_sent',
]);

/**
 * The run ended while the recipient was queued for `stepId`: a step it never reaches stops counting
 * it among its Recipients Attempted (unless something was attempted there: countsAsAttempted).
 */
export function statusChangedHalt(message: StatusChangedMessage): RecipientStepFact | null {
  const { sequenceId, stepId, enrollmentId, to } = message.payload;
  if (!stepId || !HALTING.has(to)) return null;
  return { sequenceId, stepId, enrollmentId, flags: factFlags('halted'), occurredAt: new Date(message.occurredAt) };
}
