import type { OutcomeKind, StepOutcome } from '@stepwise/contracts';
import type { EnrollmentState, StepFacts } from '../enrollment/enrollment-state';
import { isFinal, mergeFacts } from '../enrollment/enrollment-state';
import { planNode, type PlanningContext } from '../scheduling/step-planner';
import { transitionTo, type Transition } from '../scheduling/transition';

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
  if (state.status !== 'in_progress') return null;
  return planNode(
    { ...state, facts: mergeFacts(state.facts, outcome.step.stepId, { sent: true }) },
    ctx.navigator.after(outcome.step.stepId),
    ctx,
    `step ${outcome.step.stepId} ${outcome.outcome}`,
  );
};

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

export const markBounced: OutcomeReaction = (state, outcome) => {
  if (outcome.bounce === 'soft' || isFinal(state.status)) return null;
  return transitionTo(state, { status: 'bounced' }, `hard bounce on step ${outcome.step.stepId}`);
};

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

/** What each outcome does to a recipient: the outcome column of docs/status-matrix.md. */
export const outcomeReactions: Record<OutcomeKind, OutcomeReaction> = {
  sent: advanceAfterSend,
  invited: advanceAfterSend,
  delivered: ignore,
  opened: recordFact('opened'),
  clicked: recordFact('clicked'),
  accepted: recordFact('accepted'),
  replied: markReplied,
  out_of_office: pauseForOutOfOffice,
  bounced: markBounced,
  failed: markErrored,
  // Global: handled by the consumer, which suppresses the address and stops every sequence.
  unsubscribed: ignore,
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
