import type { EnrollmentTransitioned, RecipientStatus } from '@stepwise/contracts';

/** Statuses a recipient never leaves: no step of theirs may be sent any more. */
const FINAL_STATUSES: ReadonlySet<RecipientStatus> = new Set([
  'replied',
  'stopped',
  'bounced',
  'unsubscribed',
  'completed',
  'not_sent',
]);

/** The latest status a channel knows of one enrollment, as the status change of an enrollment.transitioned told it. */
export interface EnrollmentStatusFact {
  enrollmentId: string;
  status: RecipientStatus;
  final: boolean;
  /** When the enrollment changed to it (the event's occurredAt): newer facts replace older ones. */
  changedAt: Date;
}

export function statusFactOf(
  event: EnrollmentTransitioned & { payload: { status: NonNullable<EnrollmentTransitioned['payload']['status']> } },
): EnrollmentStatusFact {
  const status = event.payload.status.to;
  return {
    enrollmentId: event.payload.enrollmentId,
    status,
    final: FINAL_STATUSES.has(status),
    changedAt: new Date(event.occurredAt),
  };
}

/** A status that stops sends: final ones for good, a pause until the recipient is resumed. */
export function isHalting(fact: Pick<EnrollmentStatusFact, 'status' | 'final'>): boolean {
  return fact.final || fact.status === 'paused';
}

/**
 * Whether a step fired at `firedAt` must not be sent. A final status refuses everything. A pause
 * refuses only steps fired before it: the enrollment acts on the same step again when it is
 * resumed, and that step is fired after the pause, so it goes out even when the resume's own
 * status change has not reached this channel yet (the two travel on different topics).
 */
export function refusesStepFiredAt(fact: EnrollmentStatusFact | undefined, firedAt: Date): boolean {
  if (!fact || !isHalting(fact)) return false;
  return fact.final || fact.changedAt.getTime() >= firedAt.getTime();
}
