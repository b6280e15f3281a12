import type { TimerDeferred } from '@stepwise/contracts';
import type { EnrollmentState } from './enrollment-state';
import { onSendDeferred } from './timer-fired-transitions';
import { enrollmentState } from './planning-fixtures';

const scheduled = enrollmentState({
  status: 'in_progress',
  substatus: 'scheduled',
  currentNodeId: 'intro',
  timerVersion: 3,
  nextDueAt: new Date('2026-11-27T06:00:00Z'),
});

const deferral = (change: Partial<TimerDeferred['payload']> = {}): TimerDeferred['payload'] => ({
  timerId: 'enr',
  version: 3,
  reason: 'outside_working_hours',
  enrollmentId: 'enr',
  stepId: 'intro',
  until: '2026-11-27T08:00:00.000Z',
  ...change,
});

describe('a send the dispatcher deferred', () => {
  it('shows as the In Progress substatus and keeps the pending timer', () => {
    const t = onSendDeferred(scheduled, deferral());
    expect(t?.next).toEqual({
      ...scheduled,
      substatus: 'outside_working_hours',
      nextDueAt: new Date('2026-11-27T08:00:00.000Z'),
    });
    expect(t?.timer).toBeNull();
    expect(t?.cause).toBe('send of step intro deferred until 2026-11-27T08:00:00.000Z: outside working hours');
  });

  it('changes nothing when deferred again for the same reason, so the timeline records it once', () => {
    const held = onSendDeferred(scheduled, deferral())?.next as EnrollmentState;
    expect(onSendDeferred(held, deferral())).toBeNull();
    expect(onSendDeferred(held, deferral({ reason: 'identity_limit_reached' }))?.next.substatus).toBe(
      'identity_limit_reached',
    );
  });

  it('is ignored for an older timer version, another step, or a recipient no longer in progress', () => {
    expect(onSendDeferred(scheduled, deferral({ version: 2 }))).toBeNull();
    expect(onSendDeferred(scheduled, deferral({ stepId: 'follow-up' }))).toBeNull();
    expect(onSendDeferred({ ...scheduled, status: 'paused', substatus: 'by_user' }, deferral())).toBeNull();
    expect(onSendDeferred({ ...scheduled, nextDueAt: null }, deferral())).toBeNull();
  });
});

describe('nextDueAt of a deferred send', () => {
  it('moves to when the dispatcher will send it, also on a further deferral for the same reason', () => {
    const held = onSendDeferred(scheduled, deferral())?.next as EnrollmentState;
    expect(held.nextDueAt).toEqual(new Date('2026-11-27T08:00:00.000Z'));
    const later = onSendDeferred(held, deferral({ until: '2026-11-30T08:00:00.000Z' }));
    expect(later?.next).toMatchObject({
      substatus: 'outside_working_hours',
      nextDueAt: new Date('2026-11-30T08:00:00.000Z'),
    });
    expect(later && later.next.substatus === held.substatus).toBe(true);
  });
});
