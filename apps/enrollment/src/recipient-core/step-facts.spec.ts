import type { StepOutcome } from '@stepwise/contracts';
import { transitionTo, type Transition } from './transition';
import { enrollmentState } from './planning-fixtures';
import type { EnrollmentState } from './enrollment-state';
import { changedStepRecords, recordStepFacts, settleStepFacts, withOutcomeFacts } from './step-facts';

const at = (stepId: string, state: Partial<EnrollmentState> = {}) =>
  enrollmentState({ id: 'enr_1', status: 'in_progress', currentNodeId: stepId, ...state });

function outcome(kind: StepOutcome['payload']['outcome'], extra: Partial<StepOutcome['payload']> = {}) {
  return {
    step: { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'email', attempt: 1 },
    channel: 'email' as const,
    outcome: kind,
    ...extra,
  };
}

/** Applies outcomes with no state-machine effect, as the consumer does, and returns the step's facts. */
function afterOutcomes(...outcomes: ReturnType<typeof outcome>[]) {
  let state = at('email');
  for (const o of outcomes) state = withOutcomeFacts(state, null, o)?.next ?? state;
  return state.facts.email;
}

describe('the step facts enrollment publishes', () => {
  it('an email accepted by the next hop (one sent marked delivered) is sent and delivered, as the old pair was', () => {
    const oneMessage = afterOutcomes(outcome('sent', { delivered: true }));
    expect(oneMessage).toMatchObject({ sent: true, delivered: true, attempted: true });
    expect(oneMessage).toEqual(afterOutcomes(outcome('sent'), outcome('delivered')));
    expect(afterOutcomes(outcome('sent'))?.delivered).toBeFalsy();
  });

  it('a hard bounce after a delivery leaves the step bounced, not delivered', () => {
    expect(afterOutcomes(outcome('delivered'), outcome('bounced', { bounce: 'hard' }))).toMatchObject({
      bounced: true,
      attempted: true,
      bounce: { kind: 'hard' },
    });
    expect(afterOutcomes(outcome('delivered'), outcome('bounced', { bounce: 'hard' }))?.delivered).toBeUndefined();
  });

  it('a soft bounce only attempts the step, and carries its reason', () => {
    const facts = afterOutcomes(
      outcome('bounced', { bounce: 'soft', inbound: { class: 'bounce', reason: 'mailboxfull' } }),
    );
    expect(facts).toEqual({ attempted: true, channel: 'email', bounce: { kind: 'soft', reason: 'mailboxfull' } });
  });

  it('a machine open is no open', () => {
    expect(afterOutcomes(outcome('opened', { machineGenerated: true }))).toEqual({ attempted: true, channel: 'email' });
    expect(afterOutcomes(outcome('opened'))).toMatchObject({ opened: true, attempted: true });
  });

  it('an error lasts until the step goes through, in either order', () => {
    expect(afterOutcomes(outcome('failed'), outcome('delivered'))?.errored).toBeUndefined();
    expect(afterOutcomes(outcome('delivered'), outcome('failed'))?.errored).toBeUndefined();
    expect(afterOutcomes(outcome('sent'), outcome('failed'))).toMatchObject({ sent: true, errored: true });
  });

  it('a redelivered outcome changes nothing', () => {
    const once = withOutcomeFacts(at('email'), null, outcome('delivered'));
    if (!once) throw new Error('expected a transition');
    expect(withOutcomeFacts(once.next, null, outcome('delivered'))).toBeNull();
  });

  it('a skipped task is not completed', () => {
    expect(recordStepFacts({ completed: true }, { skipped: true })).toEqual({ skipped: true, attempted: true });
  });
});

describe('facts that follow from the transition', () => {
  const settle = (previous: EnrollmentState, transition: Transition) =>
    settleStepFacts(previous, transition).next.facts;

  it('a run that ends while queued for a step halts it there', () => {
    const queued = at('call', { facts: { email: { sent: true, attempted: true }, call: { reached: true } } });
    const facts = settle(queued, transitionTo(queued, { status: 'replied' }, 'replied'));
    expect(facts.call).toEqual({ reached: true, halted: true });
  });

  it('Pending Action is pending, then overdue, and a task left for a later step is completed', () => {
    const running = at('call', { facts: { call: { reached: true } } });
    const pending = settleStepFacts(
      running,
      transitionTo(running, { status: 'pending_action', substatus: 'task' }, 'task'),
    );
    expect(pending.next.facts.call).toMatchObject({ pending: true, attempted: true });
    const overdue = settleStepFacts(
      pending.next,
      transitionTo(pending.next, { status: 'pending_action', substatus: 'overdue' }, 'overdue'),
    );
    expect(overdue.next.facts.call).toMatchObject({ overdue: true });
    expect(overdue.next.facts.call?.pending).toBeUndefined();
    const done = settle(
      overdue.next,
      transitionTo(overdue.next, { status: 'in_progress', currentNodeId: 'email2' }, 'task done'),
    );
    expect(done.call).toEqual({ reached: true, attempted: true, completed: true });
  });

  it('an error at the step is errored with its type', () => {
    const running = at('email');
    const error = { type: 'missing_data' as const, message: 'no email', suggestedFix: 'add one' };
    expect(settle(running, transitionTo(running, { status: 'error', error }, 'no email')).email).toEqual({
      errored: true,
      errorType: 'missing_data',
      attempted: true,
    });
  });

  it('only the steps whose facts changed are published, with all their facts', () => {
    const before = at('email', { facts: { intro: { sent: true, attempted: true }, email: { reached: true } } });
    const after = withOutcomeFacts(before, null, outcome('delivered'))?.next ?? before;
    expect(changedStepRecords(before, after)).toEqual([
      { stepId: 'email', channel: 'email', facts: { reached: true, delivered: true, attempted: true } },
    ]);
  });
});
