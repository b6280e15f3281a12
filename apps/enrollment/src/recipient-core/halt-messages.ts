import { Topics, buildEnvelope, enrollmentHaltSchema, isHaltingStatus } from '@stepwise/contracts';
import type { OutboxMessage } from '@stepwise/outbox';
import type { EnrollmentState } from './enrollment-state';

/**
 * The halt feed message of a transition, if it changes whether the enrollment is halted: one when
 * it becomes halted (a final status or a pause) or moves from a pause to a final status, one when
 * it runs again (resumed, enrolled again). A pause that only changes its substatus says nothing
 * new: the channels care whether and since when, not why.
 */
export function haltMessages(previous: EnrollmentState, next: EnrollmentState, now = new Date()): OutboxMessage[] {
  const wasHalted = isHaltingStatus(previous.status);
  const isHalted = isHaltingStatus(next.status);
  if (wasHalted === isHalted && (!isHalted || previous.status === next.status)) return [];
  return [
    {
      topic: Topics.enrollmentHalts,
      envelope: buildEnvelope(enrollmentHaltSchema, {
        tenantId: next.tenantId,
        key: next.id,
        occurredAt: now,
        payload: {
          enrollmentId: next.id,
          sequenceId: next.sequenceId,
          attempt: next.attempt,
          halt: isHalted ? { status: next.status, since: now.toISOString() } : null,
        },
      }),
    },
  ];
}
