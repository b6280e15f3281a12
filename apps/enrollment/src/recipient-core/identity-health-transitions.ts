import { ACTION_TRANSITIONS } from './recipient-action-transitions';
import type { EnrollmentState } from './enrollment-state';
import type { PlanningContext } from './step-planner';
import { transitionTo, type Transition } from './transition';

function currentStepSendsFrom(state: EnrollmentState, identityId: string, ctx: PlanningContext): boolean {
  const node = state.currentNodeId ? ctx.navigator.find(state.currentNodeId) : null;
  return node?.kind === 'step' && node.identityId === identityId;
}

/** Statuses in which a lost login pauses a recipient (a paused one is already not sending). */
export const AUTH_LOSS_PAUSES = ['in_progress', 'pending_action', 'error'] as const;

/**
 * Paused by auth loss instead of failing: the pending send is cancelled. An errored recipient
 * keeps its error, so reconnecting retries the step rather than replaying the failed attempt.
 */
export function pauseForAuthLoss(state: EnrollmentState, identityId: string, ctx: PlanningContext): Transition | null {
  if (!(AUTH_LOSS_PAUSES as readonly string[]).includes(state.status)) return null;
  if (!currentStepSendsFrom(state, identityId, ctx)) return null;
  return transitionTo(
    state,
    { status: 'paused', substatus: 'auth_lost', error: state.error },
    `sender identity ${identityId} lost its login`,
  );
}

/** The login is back: the recipient picks up on the step it was paused at. */
export function resumeAfterAuthRestored(
  state: EnrollmentState,
  identityId: string,
  ctx: PlanningContext,
): Transition | null {
  if (state.status !== 'paused' || state.substatus !== 'auth_lost') return null;
  if (!currentStepSendsFrom(state, identityId, ctx)) return null;
  const resumed = (state.error ? ACTION_TRANSITIONS.retry : ACTION_TRANSITIONS.resume)(state, ctx);
  return { ...resumed, cause: `sender identity ${identityId} reconnected; ${resumed.cause}` };
}
