import type { TimerDeferred, TimerFired } from '@stepwise/contracts';
import type { EnrollmentState } from './enrollment-state';
import { resolveCurrentStep } from './resolve-step';
import { resumeOnCurrentNode } from './resume-step';
import { actOnNode, type PlanningContext } from './step-planner';
import { transitionTo, type Transition } from './transition';

type FiredPayload = TimerFired['payload'];
type DeferredPayload = TimerDeferred['payload'];

/** A timer only counts if it is the enrollment's current one: any later change raised the version. */
function isCurrentTimer(state: EnrollmentState, fired: FiredPayload): boolean {
  return fired.version === state.timerVersion && state.nextDueAt !== null;
}

/** The wait before a manual step or branch is over: hand it to the user, or take the branch. */
export function onDelayElapsed(state: EnrollmentState, fired: FiredPayload, ctx: PlanningContext): Transition | null {
  if (!isCurrentTimer(state, fired) || state.status !== 'in_progress' || !fired.stepId) return null;
  const node = ctx.navigator.find(fired.stepId);
  if (!node || state.currentNodeId !== node.id) return null;
  return actOnNode({ ...state, nextDueAt: null }, node, ctx, `delay before ${node.id} elapsed`);
}

/**
 * The out-of-office return date came: the recipient resumes on the step they were paused at, as a
 * user's resume would (seed 004: "automatically resume that contact ... send them that email").
 */
export function onOutOfOfficeOver(
  state: EnrollmentState,
  fired: FiredPayload,
  ctx: PlanningContext,
): Transition | null {
  if (!isCurrentTimer(state, fired) || state.status !== 'paused' || state.substatus !== 'out_of_office') return null;
  return resumeOnCurrentNode({ ...state, nextDueAt: null }, ctx, 'back from out of office');
}

/**
 * Nobody acted on a task or manual email by its due time: it shows as overdue (still Pending
 * Action), or a task marked "skip when overdue" is skipped and the sequence goes on.
 */
export function onUserStepOverdue(
  state: EnrollmentState,
  fired: FiredPayload,
  ctx: PlanningContext,
): Transition | null {
  if (!isCurrentTimer(state, fired) || state.status !== 'pending_action' || state.currentNodeId !== fired.stepId) {
    return null;
  }
  const step = ctx.navigator.find(fired.stepId);
  if (!step || step.kind !== 'step') return null;
  const due = { ...state, nextDueAt: null };
  if (step.type === 'task' && step.skipTaskWhenOverdue) {
    return resolveCurrentStep(due, ctx, 'skipped', `task ${step.id} overdue: skipped`);
  }
  return transitionTo(due, { status: 'pending_action', substatus: 'overdue' }, `${step.type} ${step.id} overdue`);
}

/**
 * The dispatcher held a due send back (outside the working hours, the identity's daily limit
 * reached) and fires the same timer later: only the In Progress substatus changes, once per reason,
 * and the timer stays. A deferral of an older timer version, or of a step the recipient has left,
 * changes nothing; the step's `sent` outcome moves the substatus on as usual.
 */
export function onSendDeferred(state: EnrollmentState, deferred: DeferredPayload): Transition | null {
  if (deferred.version !== state.timerVersion || state.nextDueAt === null) return null;
  if (state.status !== 'in_progress' || state.currentNodeId !== deferred.stepId) return null;
  const until = new Date(deferred.until);
  // nextDueAt says when the send will really go: the dispatcher fires the same timer then.
  if (state.substatus === deferred.reason) {
    if (state.nextDueAt.getTime() === until.getTime()) return null;
    return { next: { ...state, nextDueAt: until }, timer: null, reachedStep: null, cause: 'deferred again' };
  }
  return {
    next: { ...state, substatus: deferred.reason, nextDueAt: until },
    timer: null,
    reachedStep: null,
    cause: `send of step ${deferred.stepId} deferred until ${deferred.until}: ${deferred.reason.replaceAll('_', ' ')}`,
  };
}

export const timerFiredReactions: Partial<
  Record<
    FiredPayload['reason'],
    (state: EnrollmentState, fired: FiredPayload, ctx: PlanningContext) => Transition | null
  >
> = {
  delay_elapsed: onDelayElapsed,
  out_of_office_resume: onOutOfOfficeOver,
  task_overdue: onUserStepOverdue,
  manual_email_overdue: onUserStepOverdue,
};
