import type { OutcomeKind, StepOutcome } from '@stepwise/contracts';
import type { EnrollmentState, StepFacts } from './enrollment-state';
import { isFinal, mergeFacts } from './enrollment-state';
import { isSentByChannel, planNode, planSend, type PlanningContext } from './step-planner';
import { transitionTo, type Transition } from './transition';

export type OutcomePayload = StepOutcome['payload'];
export type OutcomeReaction = (
  state: EnrollmentState,
  outcome: OutcomePayload,
  ctx: PlanningContext,
) => Transition | null;

/** True when the outcome is about the step attempt the recipient is currently on. */
function isCurrentAttempt(state: EnrollmentState, outcome: OutcomePayload): boolean {
  return state.currentNodeId === outcome.step.stepId && state.attempt === outcome.step.attempt;
}

/**
 * The message left: the recipient moves on to the next node of the sequence, and the step keeps the
 * `sent` fact (a reply from the public topic is attributed to the last step sent). One paused after
 * the dispatcher released the send keeps only the fact, so resuming moves on instead of sending it
 * again.
 */
export const advanceAfterSend: OutcomeReaction = (state, outcome, ctx) => {
  if (!isCurrentAttempt(state, outcome)) return null;
  if (state.status === 'paused') return withFacts(state, outcome.step.stepId, { sent: true });
  if (isFinal(state.status) && state.status !== 'completed') return sentBeforeHalt(state, outcome);
  if (state.status !== 'in_progress') return null;
  return planNode(
    { ...state, facts: mergeFacts(state.facts, outcome.step.stepId, { sent: true }) },
    ctx.navigator.after(outcome.step.stepId),
    ctx,
    `step ${outcome.step.stepId} ${outcome.outcome}`,
  );
};

/**
 * A send the provider had taken before the stop (or reply, bounce, unsubscribe) took effect: the
 * channel's last look came before the halt was on the feed. The recipient keeps the status; the
 * timeline says the message went out, and when, so the user is not told nothing was sent.
 */
function sentBeforeHalt(state: EnrollmentState, outcome: OutcomePayload): Transition | null {
  const facts = withFacts(state, outcome.step.stepId, { sent: true });
  if (!facts) return null;
  return {
    ...facts,
    noteOnTimeline: true,
    cause: `step ${outcome.step.stepId} ${outcome.outcome}: handed to the provider before the recipient was ${state.status.replace('_', ' ')}`,
  };
}

export const markErrored: OutcomeReaction = (state, outcome) => {
  const error = outcome.error ?? {
    type: 'provider_down' as const,
    message: 'the channel reported a failure without details',
    suggestedFix: 'retry the step',
  };
  if (state.facts[outcome.step.stepId]?.sent) return failedAfterSend(state, outcome.step.stepId, error);
  if (state.status !== 'in_progress' || !isCurrentAttempt(state, outcome)) return null;
  return transitionTo(state, { status: 'error', error }, `step ${outcome.step.stepId} failed: ${error.type}`);
};

/**
 * A step can fail after the channel reported it sent (an SMS the carrier could not deliver, Twilio
 * 30003). The recipient has moved on, so the status stays; the step keeps a `failed` fact and the
 * timeline says what happened and what to do, once.
 */
function failedAfterSend(
  state: EnrollmentState,
  stepId: string,
  error: NonNullable<OutcomePayload['error']>,
): Transition | null {
  const facts = withFacts(state, stepId, { failed: true });
  if (!facts) return null;
  return {
    ...facts,
    noteOnTimeline: true,
    cause: `step ${stepId} failed after it was sent: ${error.type}: ${error.message}; ${error.suggestedFix}`.slice(
      0,
      1000,
    ),
  };
}

/**
 * A reply stops all automation for the recipient in this sequence. One that comes after the last
 * step still makes the recipient Replied (seed 003 counts a response whenever it comes); a stopped,
 * bounced or unsubscribed recipient keeps its status and only the step's fact.
 */
export const markReplied: OutcomeReaction = (state, outcome) => {
  if (isFinal(state.status) && state.status !== 'completed') {
    return withFacts(state, outcome.step.stepId, { replied: true });
  }
  const replied = transitionTo(state, { status: 'replied' }, `replied to step ${outcome.step.stepId}`);
  return {
    ...replied,
    replyChannel: outcome.channel,
    next: { ...replied.next, facts: mergeFacts(state.facts, outcome.step.stepId, { replied: true }) },
  };
};

/** A soft-bounced step is sent again this many times (1 h, 4 h, then 16 h later) before the recipient goes to Error. */
export const SOFT_BOUNCE_RETRIES = 3;
const SOFT_BOUNCE_BACKOFF_MS = [3_600_000, 4 * 3_600_000, 16 * 3_600_000];

/**
 * A hard bounce (the address is gone) ends the recipient. A soft one (mailbox full, a policy or
 * spam rejection, an authentication failure, a rate limit: the channel names the reason) sends the
 * step again after a growing pause, as long as nothing later went out meanwhile; after
 * SOFT_BOUNCE_RETRIES the recipient goes to Error with the cause and the fix the channel gave.
 */
export const markBounced: OutcomeReaction = (state, outcome, ctx) => {
  if (isFinal(state.status)) return null;
  const stepId = outcome.step.stepId;
  const why = bounceWords(outcome);
  if (outcome.bounce !== 'soft')
    return transitionTo(state, { status: 'bounced' }, `hard bounce on step ${stepId}${why}`);
  const bounces = (state.facts[stepId]?.softBounces ?? 0) + 1;
  const counted = { ...state, facts: mergeFacts(state.facts, stepId, { softBounces: bounces }) };
  const cause = `soft bounce ${bounces} of ${SOFT_BOUNCE_RETRIES + 1} allowed on step ${stepId}${why}`;
  if (bounces > SOFT_BOUNCE_RETRIES && (state.status === 'in_progress' || state.status === 'paused')) {
    const error = {
      type: outcome.error?.type ?? ('provider_down' as const),
      message: `the email of step ${stepId} bounced ${bounces} times${why}`,
      suggestedFix: outcome.error?.suggestedFix ?? 'check the address with the candidate, then retry the step',
    };
    return transitionTo(counted, { status: 'error', error }, cause);
  }
  const node = ctx.navigator.find(stepId);
  const laterSent = state.currentNodeId !== stepId && state.facts[state.currentNodeId ?? '']?.sent === true;
  if (state.status !== 'in_progress' || !node || node.kind !== 'step' || !isSentByChannel(node) || laterSent) {
    return { next: counted, timer: null, reachedStep: null, cause };
  }
  const sendAt = new Date(
    ctx.now.getTime() + SOFT_BOUNCE_BACKOFF_MS[Math.min(bounces, SOFT_BOUNCE_BACKOFF_MS.length) - 1],
  );
  return planSend(
    { ...counted, attempt: state.attempt + 1 },
    node,
    ctx,
    `${cause}; sent again at ${sendAt.toISOString()}`,
    {
      sendAt,
    },
  );
};

function bounceWords(outcome: OutcomePayload): string {
  const inbound = outcome.inbound;
  if (!inbound) return '';
  const code = inbound.status ? ` ${inbound.status}` : '';
  return ` (${inbound.reason ?? 'undefined'}${code})`;
}

/**
 * An automatic reply (RFC 3834 headers, a read receipt, a challenge, a delivery notice) is no
 * answer from the candidate: the sequence goes on, and the timeline shows what came back.
 */
export const noteAutoReply: OutcomeReaction = (state, outcome) => ({
  next: state,
  timer: null,
  reachedStep: null,
  cause: `auto-reply to step ${outcome.step.stepId} (${outcome.inbound?.class ?? 'auto_reply'}${
    outcome.inbound?.reason ? `: ${outcome.inbound.reason}` : ''
  }); the sequence goes on`,
});

/** An out-of-office reply pauses the recipient; a return date brings them back automatically. */
export const pauseForOutOfOffice: OutcomeReaction = (state, outcome, ctx) => {
  if (isFinal(state.status)) return null;
  const resumeAt = outcome.outOfOfficeUntil ? new Date(`${outcome.outOfOfficeUntil}T00:00:00Z`) : null;
  return transitionTo(
    state,
    { status: 'paused', substatus: 'out_of_office', now: ctx.now },
    `out of office${resumeAt ? ` until ${outcome.outOfOfficeUntil}` : ''}`,
    resumeAt
      ? {
          kind: 'schedule',
          dueAt: resumeAt,
          action: { kind: 'notify', reason: 'out_of_office_resume', enrollmentId: state.id },
        }
      : null,
  );
};

const recordFact =
  (fact: keyof StepFacts[string]): OutcomeReaction =>
  (state, outcome) =>
    withFacts(state, outcome.step.stepId, { [fact]: true });

const ignore: OutcomeReaction = () => null;

const humanOnly =
  (reaction: OutcomeReaction): OutcomeReaction =>
  (state, outcome, ctx) =>
    outcome.machineGenerated ? null : reaction(state, outcome, ctx);

/** What each outcome does to a recipient: the outcome column of docs/status-matrix.md. */
export const outcomeReactions: Record<OutcomeKind, OutcomeReaction> = {
  sent: advanceAfterSend,
  invited: advanceAfterSend,
  delivered: ignore,
  // A privacy proxy's open or a link scanner's click is not the recipient's: no branch reads it.
  opened: humanOnly(recordFact('opened')),
  clicked: humanOnly(recordFact('clicked')),
  accepted: recordFact('accepted'),
  replied: markReplied,
  out_of_office: pauseForOutOfOffice,
  bounced: markBounced,
  failed: markErrored,
  auto_reply: noteAutoReply,
  // Global: handled by the consumer, which suppresses the address and stops every sequence.
  unsubscribed: ignore,
  complaint: ignore,
};

function withFacts(state: EnrollmentState, stepId: string, facts: StepFacts[string]): Transition | null {
  const current = state.facts[stepId] ?? {};
  if (Object.entries(facts).every(([key, value]) => current[key as keyof typeof current] === value)) return null;
  return {
    next: { ...state, facts: mergeFacts(state.facts, stepId, facts) },
    timer: null,
    reachedStep: null,
    cause: `step ${stepId}: ${Object.keys(facts).join(', ')}`,
  };
}
