import { createEnvelope, stepOutcomeSchema } from '@stepwise/contracts';
import type { StepOutcomeMessage } from '../analytics-message';
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
});
