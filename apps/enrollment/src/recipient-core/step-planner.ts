import { channelOfStepType } from '@stepwise/contracts';
import type { BranchCondition, Delay, SequenceNode, StepNode } from './sequence-definition';
import type { SequenceStatus } from '@stepwise/contracts';
import type { SequenceNavigator } from './sequence-navigator';
import type { EnrollmentState, RecipientProfile, SenderIdentity } from './enrollment-state';
import { addDelay } from './delay';
import { buildDelivery } from './delivery-builder';
import { sendRulesFor } from './send-window';
import { transitionTo, type Transition } from './transition';

export interface PlanningContext {
  navigator: SequenceNavigator;
  recipient: RecipientProfile;
  identities: ReadonlyMap<string, SenderIdentity>;
  now: Date;
  /** As read in the planning transaction; absent means active (enroll checks it under the row's lock). */
  sequenceStatus?: SequenceStatus;
  /** The sequence's open tracking; absent means on. */
  openTracking?: boolean;
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
  const held = heldBySequence(state, node, ctx, cause);
  if (held) return held;
  if (node.kind === 'step' && isSentByChannel(node)) return planSend(state, node, ctx, cause);
  return node.delay.amount > 0 ? waitForDelay(state, node, ctx, cause) : actOnNode(state, node, ctx, cause);
}

/** The node's delay is over (or was zero): act on it now. */
export function actOnNode(state: EnrollmentState, node: SequenceNode, ctx: PlanningContext, cause: string): Transition {
  const held = heldBySequence(state, node, ctx, cause);
  if (held) return held;
  if (node.kind === 'branch') {
    const holds = conditionHolds(node.condition, state, ctx.recipient);
    return planNode(
      state,
      ctx.navigator.enter(node, holds),
      ctx,
      `${cause}; branch ${node.id}: ${holds ? 'yes' : 'no'}`,
    );
  }
  if (isSentByChannel(node)) return planSend(state, node, ctx, cause);
  return handToUser(state, node, ctx, cause);
}

/**
 * Steps run only in an active sequence: checked at each entry of the planner (planNode, actOnNode,
 * planSend). A recipient planned onto a node of a paused sequence (an out-of-office return, a
 * reconnected identity) waits on that node and resumes with the sequence; in an archived or
 * deleted one it stops.
 */
export function heldBySequence(
  state: EnrollmentState,
  node: SequenceNode,
  ctx: PlanningContext,
  cause: string,
): Transition | null {
  const status = ctx.sequenceStatus ?? 'active';
  if (status === 'active') return null;
  const ended = status === 'archived' || status === 'deleted';
  return transitionTo(
    state,
    ended
      ? { status: 'stopped', substatus: 'sequence_archived', currentNodeId: node.id }
      : { status: 'paused', substatus: 'sequence_paused', currentNodeId: node.id, now: ctx.now },
    `${cause}; sequence ${status}`,
  );
}

/** Manual emails and tasks wait for the user; every other step is sent by its channel. */
export function isUserStep(step: StepNode): boolean {
  return step.type === 'task' || step.type === 'manual_email';
}

export function isSentByChannel(step: StepNode): boolean {
  return channelOfStepType(step.type) !== null && !isUserStep(step);
}

const ONE_DAY: Delay = { amount: 1, unit: 'days' };

/**
 * Pending Action until the user acts; an overdue timer marks the step overdue (or skips a task
 * that asks for it) if nobody has acted by its due time.
 */
function handToUser(state: EnrollmentState, step: StepNode, ctx: PlanningContext, cause: string): Transition {
  const isTask = step.type === 'task';
  const dueAfter = isTask ? (step.taskDueAfter ?? ONE_DAY) : step.delay.amount > 0 ? step.delay : ONE_DAY;
  return transitionTo(
    state,
    { status: 'pending_action', substatus: isTask ? 'task' : 'manual_email', currentNodeId: step.id },
    cause,
    {
      kind: 'schedule',
      dueAt: addDelay(ctx.now, dueAfter),
      action: {
        kind: 'notify',
        reason: isTask ? 'task_overdue' : 'manual_email_overdue',
        enrollmentId: state.id,
        stepId: step.id,
      },
    },
    { stepId: step.id, stepType: step.type },
  );
}

/** What the user changed when sending a manual email: its content, and when it goes out. */
export interface SendOverrides {
  subject?: string;
  body?: string;
  sendAt?: Date;
}

/**
 * Schedules the step's send through the dispatcher, inside the sender identity's working hours and
 * daily limit. Attempt numbers never go down within an enrollment, so a send's idempotency key
 * (enrollment, step, attempt) stays unique across retries and re-enrollments. A sender identity
 * that lost its login pauses the recipient instead.
 */
export function planSend(
  state: EnrollmentState,
  step: StepNode,
  ctx: PlanningContext,
  cause: string,
  overrides: SendOverrides = {},
): Transition {
  const held = heldBySequence(state, step, ctx, cause);
  if (held) return held;
  if (step.identityId && ctx.identities.get(step.identityId)?.authState === 'auth_lost') {
    return transitionTo(
      state,
      { status: 'paused', substatus: 'auth_lost', currentNodeId: step.id, now: ctx.now },
      `${cause}; sender identity ${step.identityId} lost its login`,
    );
  }
  const content = { ...step, subject: overrides.subject ?? step.subject, body: overrides.body ?? step.body };
  const built = buildDelivery(content, ctx.recipient, ctx.identities, ctx.openTracking ?? true);
  const reached = { stepId: step.id, stepType: step.type };
  if ('error' in built) {
    return transitionTo(state, { status: 'error', currentNodeId: step.id, error: built.error }, cause, null, reached);
  }
  const dueAt = overrides.sendAt ?? addDelay(ctx.now, step.delay);
  const waiting = !overrides.sendAt && dueAt.getTime() > ctx.now.getTime();
  const attempt = state.attempt;
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
        ...sendRulesFor(ctx.identities.get(built.delivery.sender.identityId), ctx.recipient, step.type),
      },
    },
    reached,
  );
}

/** Manual email, task and branch nodes wait out their delay through a notify timer. */
export function waitForDelay(
  state: EnrollmentState,
  node: SequenceNode,
  ctx: PlanningContext,
  cause: string,
  dueAt = addDelay(ctx.now, node.delay),
): Transition {
  return transitionTo(state, { status: 'in_progress', substatus: 'waiting_for_delay', currentNodeId: node.id }, cause, {
    kind: 'schedule',
    dueAt,
    action: { kind: 'notify', reason: 'delay_elapsed', enrollmentId: state.id, stepId: node.id },
  });
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
