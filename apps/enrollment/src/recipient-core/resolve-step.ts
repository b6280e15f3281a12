import type { EnrollmentState } from './enrollment-state';
import { planNode, type PlanningContext } from './step-planner';
import type { Transition } from './transition';

/**
 * The recipient leaves the current step (done by the user, or skipped) and moves on to the next
 * node; the resolution is announced so readers count the step as Completed or Skipped.
 */
export function resolveCurrentStep(
  state: EnrollmentState,
  ctx: PlanningContext,
  resolution: 'completed' | 'skipped',
  cause: string,
): Transition {
  const current = state.currentNodeId;
  const transition = planNode(state, current ? ctx.navigator.after(current) : ctx.navigator.first(), ctx, cause);
  return current ? { ...transition, resolvedStep: { stepId: current, resolution } } : transition;
}
