import { createEnvelope, statusChangedSchema } from '@stepwise/contracts';
import type { StatusChangedMessage } from '../analytics-message';
import { factFlags } from '../recipient-step-flags';
import { statusChangedFact, statusChangedHalt, statusChangedPosition } from './status-changed.reaction';

function change(payload: Partial<StatusChangedMessage['payload']>): StatusChangedMessage {
  return createEnvelope(statusChangedSchema, {
    tenantId: 't',
    key: 'enr_1',
    payload: {
      enrollmentId: 'enr_1',
      sequenceId: 'seq_1',
      recipientId: 'rec_1',
      from: 'in_progress',
      to: 'in_progress',
      ...payload,
    },
  });
}

describe('statusChangedFact', () => {
  test('Error at a step puts the recipient in error there', () => {
    expect(statusChangedFact(change({ to: 'error', stepId: 'step_1' }))?.flags.errored).toBe(true);
  });

  test('Pending Action at a step means the step ran: the task exists', () => {
    expect(statusChangedFact(change({ to: 'pending_action', stepId: 'task_1' }))?.flags).toMatchObject({
      attempted: true,
      errored: false,
    });
  });

  test('Replied marks the step the reply answered, not the one the recipient is queued for', () => {
    const fact = statusChangedFact(change({ to: 'replied', stepId: 'sms_2', answeredStepId: 'intro-email' }));
    expect(fact).toMatchObject({ stepId: 'intro-email', flags: { replied: true, attempted: true } });
  });

  test("Replied joins with the channel's own replied outcome for the step into one replied flag", () => {
    const fact = statusChangedFact(change({ to: 'replied', stepId: 'sms_2', answeredStepId: 'intro-email' }));
    expect(fact?.flags).toEqual(factFlags('replied'));
  });

  test('Replied without an answered step (nothing was sent yet, or an older producer) says nothing', () => {
    expect(statusChangedFact(change({ to: 'replied', stepId: 'sms_2' }))).toBeNull();
  });

  test('other statuses say nothing about a step', () => {
    expect(statusChangedFact(change({ to: 'paused', stepId: 'step_1' }))).toBeNull();
    expect(statusChangedFact(change({ to: 'error' }))).toBeNull();
  });
});

test('statusChangedPosition orders by occurredAt, then by partition offset', () => {
  const position = statusChangedPosition(change({ to: 'pending_action', stepId: 'task_1', substatus: 'task' }), '42');
  expect(position).toMatchObject({ stepId: 'task_1', status: 'pending_action', substatus: 'task' });
  expect(position.version.offset).toBe(42n);
});

describe('statusChangedHalt (issue 15, defect 5)', () => {
  test('a recipient that stops, replies or bounces while queued for a step halted there', () => {
    for (const to of ['stopped', 'replied', 'bounced', 'unsubscribed', 'completed'] as const) {
      expect(statusChangedHalt(change({ to, stepId: 'sms_2' }))).toMatchObject({
        stepId: 'sms_2',
        flags: { halted: true, attempted: false },
      });
    }
  });

  test('pausing, an error or finishing after the last step is no halt at a step', () => {
    expect(statusChangedHalt(change({ to: 'paused', stepId: 'sms_2' }))).toBeNull();
    expect(statusChangedHalt(change({ to: 'error', stepId: 'sms_2' }))).toBeNull();
    expect(statusChangedHalt(change({ to: 'completed' }))).toBeNull();
  });
});
