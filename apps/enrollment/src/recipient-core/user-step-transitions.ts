import type { StepType } from '@stepwise/contracts';
import type { EnrollmentState } from './enrollment-state';
import { resolveCurrentStep } from './resolve-step';
import { transitionTo } from './transition';
import { planSend, type PlanningContext, type SendOverrides } from './step-planner';
import type { StepNode } from './sequence-definition';
import type { RecipientCommand } from './recipient-action-transitions';

/** The step the recipient waits on in Pending Action, when it is of the given type. */
function pendingStep(state: EnrollmentState, ctx: PlanningContext, type: StepType): StepNode | null {
  const node = state.currentNodeId ? ctx.navigator.find(state.currentNodeId) : null;
  return state.status === 'pending_action' && node?.kind === 'step' && node.type === type ? node : null;
}

function refusal(name: string, type: StepType) {
  return (state: EnrollmentState, ctx: PlanningContext): string | null =>
    pendingStep(state, ctx, type)
      ? null
      : `${name} is not allowed for a recipient in status ${state.status}` +
        (state.status === 'pending_action' ? ` on step ${state.currentNodeId}, which is not a ${type}` : '');
}

/**
 * Send now or schedule: the (possibly edited) manual email goes through the dispatcher like an
 * automated one, and the recipient moves on when the channel reports it sent.
 */
export function sendManualEmail(overrides: SendOverrides): RecipientCommand {
  const name = 'manual_email.send';
  return {
    name,
    refusal: refusal(name, 'manual_email'),
    transition: (state, ctx) => {
      const step = pendingStep(state, ctx, 'manual_email') as StepNode;
      const sendAt = overrides.sendAt && overrides.sendAt > ctx.now ? overrides.sendAt : ctx.now;
      const transition = planSend(state, step, ctx, `manual email ${step.id} sent by user`, { ...overrides, sendAt });
      // The step was reached when it was handed to the user; sending it is not a second arrival.
      return { ...transition, reachedStep: null };
    },
  };
}

export function completeTask(): RecipientCommand {
  const name = 'task.complete';
  return {
    name,
    refusal: refusal(name, 'task'),
    transition: (state, ctx) =>
      resolveCurrentStep(state, ctx, 'completed', `task ${state.currentNodeId} completed by user`),
  };
}

/**
 * Seed 004's "set a resume date" for an out-of-office pause: the recipient stays paused and is
 * picked up on their step that day (the same auto-resume an out-of-office reply's return date sets).
 * A date in the past resumes at the next timer sweep.
 */
export function setResumeDate(resumeOn: string): RecipientCommand {
  const name = 'out_of_office.resume_date';
  return {
    name,
    refusal: (state) =>
      state.status === 'paused' && state.substatus === 'out_of_office'
        ? null
        : `${name} is only allowed for a recipient paused out of office, not ${state.status}${state.substatus ? `/${state.substatus}` : ''}`,
    transition: (state) => ({
      ...transitionTo(
        state,
        { status: 'paused', substatus: 'out_of_office' },
        `out of office until ${resumeOn} (set by user)`,
        {
          kind: 'schedule',
          dueAt: new Date(`${resumeOn}T00:00:00Z`),
          action: { kind: 'notify', reason: 'out_of_office_resume', enrollmentId: state.id },
        },
      ),
      noteOnTimeline: true,
    }),
  };
}
