import { isFinal, type EnrollmentState } from './enrollment-state';
import type { PlanningContext } from './step-planner';
import { resolveCurrentStep } from './resolve-step';
import { resumeOnCurrentNode } from './resume-step';
import { transitionTo, type Transition } from './transition';
import type { RecipientAction } from './recipient-action-matrix';

export interface RecipientCommand {
  /** Named in a 409 as `action`. */
  name: string;
  refusal: (state: EnrollmentState, ctx: PlanningContext) => string | null;
  transition: (state: EnrollmentState, ctx: PlanningContext) => Transition;
}

/** What an allowed action does; each is one small transition of the recipient's state. */
type ActionTransition = (state: EnrollmentState, ctx: PlanningContext) => Transition;

const pause: ActionTransition = (state, ctx) =>
  transitionTo(state, { status: 'paused', substatus: 'by_user', now: ctx.now }, 'paused by user');

/** Picks up where the recipient stopped: what was left of the node's delay, then the node. */
const resume: ActionTransition = (state, ctx) => resumeOnCurrentNode(state, ctx, 'resumed by user');

const skipStep: ActionTransition = (state, ctx) =>
  resolveCurrentStep(state, ctx, 'skipped', `step ${state.currentNodeId ?? '(none)'} skipped by user`);

/** The cause is fixed (address added, identity reconnected): a new attempt of the same step, now. */
const retry: ActionTransition = (state, ctx) =>
  resumeOnCurrentNode(state, ctx, `retry of step ${state.currentNodeId ?? '(none)'}`);

const markCompleted: ActionTransition = (state) =>
  transitionTo(state, { status: 'completed' }, 'marked completed by user');

/** Replied stays Replied: the response is counted Interested from now on (seed 003). */
const markInterested: ActionTransition = (state) =>
  transitionTo(state, { status: 'replied', substatus: 'interested' }, 'marked interested by user');

const stop: ActionTransition = (state) =>
  transitionTo(state, { status: 'stopped', substatus: 'by_user' }, 'stopped by user');

/** Removal keeps the row (it is what forbids adding the recipient back) and ends all activity. */
const remove: ActionTransition = (state) =>
  transitionTo(
    state,
    { status: isFinal(state.status) ? state.status : 'stopped', substatus: 'removed' },
    'removed from sequence',
  );

export const ACTION_TRANSITIONS: Record<RecipientAction, ActionTransition> = {
  pause,
  resume,
  resume_out_of_office: resume,
  skip_step: skipStep,
  retry,
  mark_completed: markCompleted,
  mark_interested: markInterested,
  stop,
  delete: remove,
};
