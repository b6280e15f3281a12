import type { StatusChangedMessage } from '../analytics-message';
import type { Position } from '../enrollment-position';
import type { RecipientStepFact } from '../recipient-step-fact';
import { factFlags, type RecipientFlag } from '../recipient-step-flags';

/**
 * A status names the step the recipient is at after the change. Error there means the step failed
 * for it (also when enrollment failed it before any channel saw it, e.g. a missing email address);
 * Pending Action there means the step ran: the task was created, the manual email is waiting.
 */
export function statusChangedFact(message: StatusChangedMessage): RecipientStepFact | null {
  const { sequenceId, stepId, enrollmentId, to } = message.payload;
  const flag: RecipientFlag | null = to === 'error' ? 'errored' : to === 'pending_action' ? 'attempted' : null;
  if (!stepId || !flag) return null;
  return { sequenceId, stepId, enrollmentId, flags: factFlags(flag), occurredAt: new Date(message.occurredAt) };
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
