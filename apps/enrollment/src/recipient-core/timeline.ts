import type { RecipientStatus } from '@stepwise/contracts';
import type { EnrollmentState } from './enrollment-state';
import type { Transition } from './transition';
import { statusChanged } from './transition-messages';

/** One line of a recipient's timeline (enrollment_transition): what the recipient view and the activity log show. */
export interface TimelineEntry {
  enrollmentId: string;
  from: RecipientStatus | null;
  to: RecipientStatus;
  substatus: string | null;
  nodeId: string | null;
  cause: string;
}

/**
 * A status change goes on the timeline, and so does a move to another step with the status unchanged
 * (the next email scheduled after a send), or a note the transition asks for (a failure after send).
 */
export function belongsOnTimeline(previous: EnrollmentState, transition: Transition): boolean {
  return (
    statusChanged(previous, transition.next) ||
    transition.noteOnTimeline === true ||
    (transition.next.currentNodeId !== previous.currentNodeId && transition.reachedStep !== null)
  );
}

export function timelineEntry(previous: EnrollmentState, transition: Transition): TimelineEntry {
  return {
    enrollmentId: previous.id,
    from: previous.status,
    to: transition.next.status,
    substatus: transition.next.substatus,
    nodeId: transition.next.currentNodeId,
    cause: transition.cause,
  };
}
