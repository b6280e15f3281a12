import { ConflictException } from '@nestjs/common';
import { isSequenceActionAllowed, type SequenceAction, type SequenceStatus } from '@stepwise/contracts';

// The rules live in libs/contracts so the dashboard enables exactly the actions allowed here.
export { SEQUENCE_ACTIONS, isSequenceActionAllowed, type SequenceAction } from '@stepwise/contracts';

/** A 409 naming the sequence's status and the refused action. */
export function sequenceConflict(
  status: SequenceStatus,
  action: SequenceAction,
  message = `${action} is not allowed for a sequence in status ${status}`,
): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message, status, action });
}

export function assertSequenceActionAllowed(status: SequenceStatus, action: SequenceAction): void {
  if (!isSequenceActionAllowed(status, action)) throw sequenceConflict(status, action);
}
