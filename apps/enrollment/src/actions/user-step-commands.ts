import type { StepType } from '@stepwise/contracts';
import type { EnrollmentState } from '../enrollment/enrollment-state';
import { resolveCurrentStep } from '../scheduling/resolve-step';
import { planSend, type PlanningContext, type SendOverrides } from '../scheduling/step-planner';
import type { StepNode } from '../sequence/sequence-definition';
import type { RecipientCommand } from './apply-recipient-action.use-case';

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
