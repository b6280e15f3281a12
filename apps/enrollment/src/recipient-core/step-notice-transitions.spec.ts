import type { StepWaiting } from '@stepwise/contracts';
import type { EnrollmentState } from './enrollment-state';
import { onStepSkipped, onStepWaiting } from './step-notice-transitions';

const scheduled: EnrollmentState = {
  id: 'enr',
  tenantId: 't',
  sequenceId: 's',
  recipientId: 'r',
  status: 'in_progress',
  substatus: 'scheduled',
  currentNodeId: 'message',
  attempt: 2,
  timerVersion: 3,
  nextDueAt: new Date('2026-11-27T06:00:00Z'),
  error: null,
  facts: {},
  delayLeftMs: null,
};

const waiting = (attempt = 2, stepId = 'message'): StepWaiting['payload'] => ({
  step: { enrollmentId: 'enr', sequenceId: 's', stepId, attempt },
  channel: 'social',
  substatus: 'waiting_to_connect',
  waitUntil: '2026-12-10T09:00:00.000Z',
});

describe('a step attempt waiting to connect', () => {
  it('becomes the In Progress substatus; the timer stays', () => {
    const t = onStepWaiting(scheduled, waiting());
    expect(t?.next).toEqual({ ...scheduled, substatus: 'waiting_to_connect' });
    expect(t?.timer).toBeNull();
  });

  it('changes nothing when repeated, or for another attempt, another step, a recipient not in progress', () => {
    const held = onStepWaiting(scheduled, waiting())?.next as EnrollmentState;
    expect(onStepWaiting(held, waiting())).toBeNull();
    expect(onStepWaiting(scheduled, waiting(1))).toBeNull();
    expect(onStepWaiting(scheduled, waiting(2, 'call'))).toBeNull();
    expect(onStepWaiting({ ...scheduled, status: 'paused', substatus: 'by_user' }, waiting())).toBeNull();
  });
});

test('a skipped send leaves the state as it is and says why on the timeline', () => {
  const t = onStepSkipped(scheduled, {
    step: waiting().step,
    channel: 'social',
    reason: 'enrollment_halted',
    enrollmentStatus: 'replied',
    detail: 'replied before the send',
  });
  expect(t.next).toBe(scheduled);
  expect(t.cause).toBe('step message (attempt 2) not sent by social: enrollment replied; replied before the send');
});
