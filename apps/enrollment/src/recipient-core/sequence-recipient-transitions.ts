import type { RecipientStatus } from '@stepwise/contracts';
import { recipientStatusSchema } from '@stepwise/contracts';
import { ACTION_TRANSITIONS } from './recipient-action-transitions';
import { isFinal, type EnrollmentState } from './enrollment-state';
import { planSend, type PlanningContext } from './step-planner';
import { transitionTo, type Transition } from './transition';

export interface RecipientSelection {
  statuses: readonly RecipientStatus[];
  /** When set, only recipients with this substatus (e.g. paused because the sequence was). */
  substatus?: string;
}

/**
 * Who a paused sequence pauses: everyone moving through the steps or waiting for the user.
 * Errored recipients stay in Error: nothing runs for them, and pausing would erase the cause and
 * fix they are listed with. Recipients already paused (by the user, out of office, lost login)
 * keep their own reason, so resuming the sequence does not resume them.
 */
export const PAUSED_WITH_SEQUENCE: RecipientSelection = { statuses: ['not_started', 'in_progress', 'pending_action'] };
export const RESUMED_WITH_SEQUENCE: RecipientSelection = { statuses: ['paused'], substatus: 'sequence_paused' };
/** Archiving stops every recipient who could still be sent something. */
export const STOPPED_WITH_SEQUENCE: RecipientSelection = {
  statuses: recipientStatusSchema.options.filter((status) => !isFinal(status)),
};

export function pauseWithSequence(state: EnrollmentState, ctx: Pick<PlanningContext, 'now'>): Transition {
  return transitionTo(state, { status: 'paused', substatus: 'sequence_paused', now: ctx.now }, 'sequence paused');
}

/** The same resume as a user's, on the node the recipient was paused at. */
export function resumeWithSequence(state: EnrollmentState, ctx: PlanningContext): Transition {
  const resumed = ACTION_TRANSITIONS.resume(state, ctx);
  return { ...resumed, cause: `${resumed.cause} (sequence resumed)` };
}

export function stopWithSequence(state: EnrollmentState): Transition {
  return transitionTo(state, { status: 'stopped', substatus: 'sequence_archived' }, 'sequence archived');
}

/**
 * The step the recipient's pending timer sends was edited: the same send, due at the same time,
 * re-issued under a new timer version with the new content. Where the step cannot be sent any
 * more (its new sender identity is missing or lost its login) the recipient shows why instead.
 */
export function reissueEditedSend(state: EnrollmentState, ctx: PlanningContext): Transition | null {
  const step = state.currentNodeId ? ctx.navigator.find(state.currentNodeId) : null;
  if (state.status !== 'in_progress' || !state.nextDueAt || step?.kind !== 'step') return null;
  const reissued = planSend(state, step, ctx, `step ${step.id} edited`, { sendAt: state.nextDueAt });
  const unchangedPlace = reissued.next.status === state.status ? { substatus: state.substatus } : {};
  return { ...reissued, next: { ...reissued.next, ...unchangedPlace }, reachedStep: null };
}
