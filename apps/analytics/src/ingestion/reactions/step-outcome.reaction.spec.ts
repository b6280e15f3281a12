import { createEnvelope, stepOutcomeSchema } from '@stepwise/contracts';
import { stepMetrics } from '../../snapshot/step-metrics';
import { STEP_COUNTERS, type StepCounters } from '../../step-counters';
import type { StepOutcomeMessage } from '../analytics-message';
import { countsAsAttempted, joinFlags, type RecipientStepFlags } from '../recipient-step-flags';
import { stepOutcomeFact } from './step-outcome.reaction';

const step = { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'step_1', attempt: 1 };
function outcome(
  payload: Partial<StepOutcomeMessage['payload']> & Pick<StepOutcomeMessage['payload'], 'outcome'>,
): StepOutcomeMessage {
  return createEnvelope(stepOutcomeSchema, {
    tenantId: 't',
    key: 'enr_1',
    payload: { step, channel: 'email', ...payload },
  });
}

describe('stepOutcomeFact', () => {
  test('names the row of the step attempt and the flag of the outcome', () => {
    const fact = stepOutcomeFact(outcome({ outcome: 'delivered' }));
    expect(fact).toMatchObject({ sequenceId: 'seq_1', stepId: 'step_1', enrollmentId: 'enr_1' });
    expect(fact.flags).toMatchObject({ delivered: true, attempted: true, reached: false });
  });

  test('a failure puts the recipient in error', () => {
    expect(stepOutcomeFact(outcome({ outcome: 'failed' })).flags.errored).toBe(true);
  });

  test('an open by a privacy proxy or scanner is not an open', () => {
    const fact = stepOutcomeFact(outcome({ outcome: 'opened', machineGenerated: true }));
    expect(fact.flags).toMatchObject({ opened: false, attempted: true });
  });

  test('a soft bounce is not a bounce', () => {
    expect(stepOutcomeFact(outcome({ outcome: 'bounced', bounce: 'soft' })).flags.bounced).toBe(false);
    expect(stepOutcomeFact(outcome({ outcome: 'bounced', bounce: 'hard' })).flags.bounced).toBe(true);
  });

  test('a sent the provider also delivered (email) is the sent and delivered pair', () => {
    const once = stepOutcomeFact(outcome({ outcome: 'sent', delivered: true })).flags;
    const pair = joinFlags(
      stepOutcomeFact(outcome({ outcome: 'sent' })).flags,
      stepOutcomeFact(outcome({ outcome: 'delivered' })).flags,
    );
    expect(once).toEqual(pair);
    expect(once).toMatchObject({ sent: true, delivered: true, attempted: true });
  });

  test('a sent without delivered (SMS, before its status callback) is not delivered', () => {
    expect(stepOutcomeFact(outcome({ outcome: 'sent' })).flags).toMatchObject({ sent: true, delivered: false });
  });

  test('a sent that is also the delivery counts in Delivery Rate, until a hard bounce takes it back', () => {
    const sent = stepOutcomeFact(outcome({ outcome: 'sent', delivered: true })).flags;
    expect(stepMetrics('automated_email', true, countersOf([sent])).deliveryRate).toEqual({ count: 1, percent: 100 });

    const bounced = joinFlags(sent, stepOutcomeFact(outcome({ outcome: 'bounced', bounce: 'hard' })).flags);
    expect(stepMetrics('automated_email', true, countersOf([bounced])).deliveryRate).toEqual({ count: 0, percent: 0 });
  });
});

/** step_metric's counters over these rows, as the repository adds them up. */
function countersOf(rows: readonly RecipientStepFlags[]): StepCounters {
  const count = (name: string) =>
    rows.filter((flags) => (name === 'recipients' ? countsAsAttempted(flags) : flags[name as keyof RecipientStepFlags]))
      .length;
  return Object.fromEntries(STEP_COUNTERS.map((name) => [name, count(name)])) as StepCounters;
}
