import { channelOfStepType } from '@stepwise/contracts';
import type { BranchCondition, SequenceNode, StepNode } from '../sequence/sequence-definition';
import type { SequenceNavigator } from '../sequence/sequence-navigator';
import type { EnrollmentState, RecipientProfile, SenderIdentity } from '../enrollment/enrollment-state';
import { addDelay } from './delay';
import { buildDelivery } from './delivery-builder';
import { transitionTo, type Transition } from './transition';

export interface PlanningContext {
  navigator: SequenceNavigator;
  recipient: RecipientProfile;
  identities: ReadonlyMap<string, SenderIdentity>;
  now: Date;
}

/**
 * Moves a recipient onto `node`: schedules its send, waits out its delay, hands it to the user
 * (manual email, task), evaluates a branch, or completes the sequence when there is no node left.
 */
export function planNode(
  state: EnrollmentState,
  node: SequenceNode | null,
  ctx: PlanningContext,
  cause: string,
): Transition {
  if (!node) return transitionTo(state, { status: 'completed', currentNodeId: null }, cause);
  if (node.kind === 'step' && channelOfStepType(node.type)) return planSend(state, node, ctx, cause);
  return node.delay.amount > 0 ? waitForDelay(state, node, ctx, cause) : actOnNode(state, node, ctx, cause);
}

/** The node's delay is over (or was zero): act on it now. */
export function actOnNode(state: EnrollmentState, node: SequenceNode, ctx: PlanningContext, cause: string): Transition {
  if (node.kind === 'branch') {
    const holds = conditionHolds(node.condition, state, ctx.recipient);
    return planNode(
      state,
      ctx.navigator.enter(node, holds),
      ctx,
      `${cause}; branch ${node.id}: ${holds ? 'yes' : 'no'}`,
    );
  }
  if (channelOfStepType(node.type)) return planSend(state, node, ctx, cause);
  return transitionTo(
    state,
    { status: 'pending_action', substatus: node.type === 'task' ? 'task' : 'manual_email', currentNodeId: node.id },
    cause,
    null,
    { stepId: node.id, stepType: node.type },
  );
}

function planSend(state: EnrollmentState, step: StepNode, ctx: PlanningContext, cause: string): Transition {
  const built = buildDelivery(step, ctx.recipient, ctx.identities);
  const reached = { stepId: step.id, stepType: step.type };
  if ('error' in built) {
    return transitionTo(state, { status: 'error', currentNodeId: step.id, error: built.error }, cause, null, reached);
  }
  const dueAt = addDelay(ctx.now, step.delay);
  const waiting = dueAt.getTime() > ctx.now.getTime();
  const attempt = state.currentNodeId === step.id ? state.attempt : 1;
  return transitionTo(
    state,
    { status: 'in_progress', substatus: waiting ? 'waiting_for_delay' : 'scheduled', currentNodeId: step.id, attempt },
    cause,
    {
      kind: 'schedule',
      dueAt,
      action: {
        kind: 'send_step',
        step: { enrollmentId: state.id, sequenceId: state.sequenceId, stepId: step.id, attempt },
        delivery: built.delivery,
      },
    },
    reached,
  );
}

/** Manual email, task and branch nodes wait out their delay through a notify timer. */
function waitForDelay(state: EnrollmentState, node: SequenceNode, ctx: PlanningContext, cause: string): Transition {
  return transitionTo(
    state,
    { status: 'in_progress', substatus: 'waiting_for_delay', currentNodeId: node.id, attempt: 1 },
    cause,
    {
      kind: 'schedule',
      dueAt: addDelay(ctx.now, node.delay),
      action: { kind: 'notify', reason: 'delay_elapsed', enrollmentId: state.id, stepId: node.id },
    },
  );
}

export function conditionHolds(
  condition: BranchCondition,
  state: EnrollmentState,
  recipient: RecipientProfile,
): boolean {
  switch (condition.kind) {
    case 'opened':
    case 'clicked':
    case 'replied':
      return state.facts[condition.stepId]?.[condition.kind] === true;
    case 'accepted_connection':
      return state.facts[condition.stepId]?.accepted === true;
    case 'has_email':
      return Boolean(recipient.email);
    case 'has_phone':
      return Boolean(recipient.phone);
    case 'has_linkedin_profile':
      return Boolean(recipient.linkedinProfile);
  }
}
