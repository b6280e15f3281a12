import type { EnrollmentState } from '../recipient-core/enrollment-state';
import { isSentByChannel, type PlanningContext } from '../recipient-core/step-planner';

/** A send the channel may have handed to its provider already when the recipient was halted. */
export interface StepInFlight {
  enrollmentId: string;
  stepId: string;
  dueAt: string;
}

/**
 * The current step's send is scheduled and no outcome arrived yet. Once its due time has passed
 * by the moment the halt took effect (published), the dispatcher may have fired it and the
 * channel may have begun the provider call: a halt stops every call that has not begun, not one
 * already under way, so the user is told it may still arrive (see `inFlightBy`).
 */
export function pendingSend(state: EnrollmentState, ctx: PlanningContext): StepInFlight | null {
  const { currentNodeId, nextDueAt } = state;
  if (state.status !== 'in_progress' || !currentNodeId || !nextDueAt) return null;
  if (state.facts[currentNodeId]?.sent) return null;
  const node = ctx.navigator.find(currentNodeId);
  if (node?.kind !== 'step' || !isSentByChannel(node)) return null;
  return { enrollmentId: state.id, stepId: currentNodeId, dueAt: nextDueAt.toISOString() };
}

/** The pending sends due by `at`, the moment the halt was on the channels' feed. */
export function inFlightBy(sends: readonly StepInFlight[], at: Date): StepInFlight[] {
  return sends.filter((send) => Date.parse(send.dueAt) <= at.getTime());
}
