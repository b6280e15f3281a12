import { STEP_FACT_NAMES, type StepFactsPayload, type StepOutcome } from '@stepwise/contracts';
import type { Transition } from './transition';
import { isFinal, type EnrollmentState, type StepFacts } from './enrollment-state';

export type StepFactRecord = StepFacts[string];
type FactName = keyof StepFactsPayload;

/** Facts about where the recipient is, not about anything done for it at the step. */
const POSITION_ONLY: ReadonlySet<FactName> = new Set(['reached', 'halted']);

/** The step went through after all: it is no longer in error for the recipient. */
const CLEARS_ERROR: readonly FactName[] = [
  'delivered',
  'opened',
  'clicked',
  'replied',
  'outOfOffice',
  'unsubscribed',
  'invited',
  'accepted',
  'bounced',
  'skipped',
  'completed',
];

/** The substatus of a Pending Action step whose due date passed. */
const OVERDUE_SUBSTATUS = 'overdue';

/**
 * The step's facts with `incoming` added and the move rules applied. Every rule is here, so every
 * reader of the published facts counts them as they are:
 * - a hard bounce after a delivery (channel-email reports the next hop's 250 as a sent marked delivered) means
 *   the email did not arrive: the step is bounced, not delivered;
 * - "in error" lasts until the step went through after all (delivered, engaged, accepted), bounced,
 *   or was skipped or completed; `sent` does not clear it (an SMS can be sent and then fail);
 * - a skipped task is not completed;
 * - anything but being queued (or halted there) means the step was attempted.
 */
export function recordStepFacts(current: StepFactRecord | undefined, incoming: StepFactRecord): StepFactRecord {
  const facts: StepFactRecord = { ...current, ...incoming };
  if (facts.bounced) facts.delivered = false;
  if (CLEARS_ERROR.some((name) => facts[name])) facts.errored = false;
  if (facts.skipped) facts.completed = false;
  if (STEP_FACT_NAMES.some((name) => facts[name] && !POSITION_ONLY.has(name))) facts.attempted = true;
  if (!facts.errored) delete facts.errorType;
  // A flag absent is false: the state and the published facts stay small.
  for (const name of STEP_FACT_NAMES) if (facts[name] === false) delete facts[name];
  return facts;
}

/**
 * What a channel's outcome establishes at its step. An open or click by a privacy proxy or a link
 * scanner is not the recipient's, and a soft bounce is a temporary refusal: both prove only that
 * the step was attempted. An auto-reply proves only that the step reached a mailbox.
 */
export function outcomeStepFacts(outcome: StepOutcome['payload']): StepFactRecord {
  const facts = ((): StepFactRecord => {
    switch (outcome.outcome) {
      case 'sent':
        // One provider fact: an SMTP acceptance by the next hop is also the email's delivery.
        return outcome.delivered ? { sent: true, delivered: true } : { sent: true };
      case 'invited':
        return { invited: true };
      case 'delivered':
        return { delivered: true };
      case 'opened':
        return outcome.machineGenerated ? { attempted: true } : { opened: true };
      case 'clicked':
        return outcome.machineGenerated ? { attempted: true } : { clicked: true };
      case 'replied':
        return { replied: true };
      case 'out_of_office':
        return { outOfOffice: true };
      case 'bounced': {
        const bounce = { kind: outcome.bounce ?? 'hard', reason: outcome.inbound?.reason };
        return bounce.kind === 'hard' ? { bounced: true, bounce } : { attempted: true, bounce };
      }
      case 'failed':
        return { errored: true, errorType: outcome.error?.type ?? 'provider_down' };
      case 'unsubscribed':
      case 'complaint':
        // A complaint unsubscribes the recipient (the address is suppressed): it counts as one.
        return { unsubscribed: true };
      case 'auto_reply':
        return { attempted: true };
      case 'accepted':
        return { accepted: true };
    }
  })();
  return { ...facts, channel: outcome.channel };
}

/**
 * Adds the outcome's facts at its step to what the reaction made of it. An outcome the recipient's
 * state machine has nothing to do with (a late open, a delivery, a stale attempt's send) still
 * changes the step's facts; one that changes nothing at all (a redelivery) stays null.
 */
export function withOutcomeFacts(
  state: EnrollmentState,
  transition: Transition | null,
  outcome: StepOutcome['payload'],
): Transition | null {
  const { stepId } = outcome.step;
  const base = transition ?? {
    next: state,
    timer: null,
    reachedStep: null,
    cause: `step ${stepId} ${outcome.outcome}`,
  };
  const facts = recordStepFacts(base.next.facts[stepId], outcomeStepFacts(outcome));
  if (!transition && sameRecord(state.facts[stepId], facts)) return null;
  return { ...base, next: { ...base.next, facts: { ...base.next.facts, [stepId]: facts } } };
}

/**
 * The step facts that follow from the transition itself, written into its next state: reached (a
 * step queued), errored and pending/overdue (the status at the step), halted (the run ended while
 * the recipient was at the step), completed or skipped (the step left), and the move rules over
 * every step whose facts the reaction changed. Every transition passes here before it is saved.
 */
export function settleStepFacts(previous: EnrollmentState, transition: Transition): Transition {
  const { next } = transition;
  let facts = next.facts;
  const put = (stepId: string, incoming: StepFactRecord) => {
    facts = { ...facts, [stepId]: recordStepFacts(facts[stepId], incoming) };
  };
  for (const stepId of Object.keys(facts)) {
    if (facts[stepId] !== previous.facts[stepId]) put(stepId, {});
  }
  if (transition.reachedStep) put(transition.reachedStep.stepId, { reached: true });
  if (transition.resolvedStep) put(transition.resolvedStep.stepId, { [transition.resolvedStep.resolution]: true });
  const from = previous.currentNodeId;
  const at = next.currentNodeId;
  const statusMoved = previous.status !== next.status || previous.substatus !== next.substatus;
  if (statusMoved && at && next.status === 'error') put(at, { errored: true, errorType: next.error?.type });
  if (statusMoved && at && isFinal(next.status) && !isFinal(previous.status)) put(at, { halted: true });
  const before = phaseOf(previous);
  const after = phaseOf(next);
  if (before && from && (from !== at || before !== after)) {
    put(from, { pending: false, overdue: false });
    // A task is completed when its recipient moves on from Pending Action to a later step.
    if (from !== at && ['in_progress', 'pending_action', 'completed'].includes(next.status)) {
      put(from, { completed: true });
    }
  }
  if (after && at && (from !== at || before !== after)) {
    put(at, after === 'overdue' ? { overdue: true, pending: false } : { pending: true, overdue: false });
  }
  return facts === next.facts ? transition : { ...transition, next: { ...next, facts } };
}

function phaseOf(state: EnrollmentState): 'pending' | 'overdue' | null {
  if (state.status !== 'pending_action' || !state.currentNodeId) return null;
  return state.substatus === OVERDUE_SUBSTATUS ? 'overdue' : 'pending';
}

/** What readers get of a step's record: the published facts, its channel, its last bounce and error. */
export interface PublishedStepRecord {
  stepId: string;
  channel?: StepFactRecord['channel'];
  facts: StepFactsPayload;
  bounce?: StepFactRecord['bounce'];
  errorType?: string;
}

export function publishedRecord(stepId: string, record: StepFactRecord): PublishedStepRecord {
  const facts: StepFactsPayload = {};
  for (const name of STEP_FACT_NAMES) if (record[name]) facts[name] = true;
  return { stepId, channel: record.channel, facts, bounce: record.bounce, errorType: record.errorType };
}

/** The steps whose published record the transition changed, as they now are. */
export function changedStepRecords(previous: EnrollmentState, next: EnrollmentState): PublishedStepRecord[] {
  const changed: PublishedStepRecord[] = [];
  for (const [stepId, record] of Object.entries(next.facts)) {
    if (record === previous.facts[stepId] || !record) continue;
    const now = publishedRecord(stepId, record);
    const before = previous.facts[stepId];
    if (!before || !sameRecord(before, record)) changed.push(now);
  }
  return changed;
}

function sameRecord(a: StepFactRecord | undefined, b: StepFactRecord): boolean {
  if (!a) return false;
  const x = publishedRecord('', a);
  const y = publishedRecord('', b);
  return (
    STEP_FACT_NAMES.every((name) => x.facts[name] === y.facts[name]) &&
    x.channel === y.channel &&
    x.errorType === y.errorType &&
    x.bounce?.kind === y.bounce?.kind &&
    x.bounce?.reason === y.bounce?.reason
  );
}
