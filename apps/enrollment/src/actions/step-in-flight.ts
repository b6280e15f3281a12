import type { EnrollmentState } from '../enrollment/enrollment-state';
import { isSentByChannel, type PlanningContext } from '../scheduling/step-planner';

/** A send the channel may have handed to its provider already when the recipient was halted. */
export interface StepInFlight {
  enrollmentId: string;
  stepId: string;
  dueAt: string;
}

/**
 * The current step's send came due and no outcome arrived yet: the dispatcher may have fired it
 * and the channel may be calling the provider at this moment. A halt stops every provider call
 * that has not begun, not one already under way, so the user is told it may still arrive.
 */
export function stepInFlight(state: EnrollmentState, ctx: PlanningContext): StepInFlight | null {
  const { currentNodeId, nextDueAt } = state;
  if (state.status !== 'in_progress' || !currentNodeId || !nextDueAt) return null;
  if (nextDueAt.getTime() > ctx.now.getTime() || state.facts[currentNodeId]?.sent) return null;
  const node = ctx.navigator.find(currentNodeId);
  if (node?.kind !== 'step' || !isSentByChannel(node)) return null;
  return { enrollmentId: state.id, stepId: currentNodeId, dueAt: nextDueAt.toISOString() };
}
