import type { SenderIdentity } from './enrollment-state';
import type { PlanningContext } from './step-planner';
import { sequenceNodeSchema } from './sequence-definition';
import {
  pauseWithSequence,
  reissueEditedSend,
  resumeWithSequence,
  stopWithSequence,
} from './sequence-recipient-transitions';
import { enrollmentState, planningContext } from './planning-fixtures';

const email = (subject: string) =>
  sequenceNodeSchema.parse({
    kind: 'step',
    id: 'intro',
    type: 'automated_email',
    name: 'Intro',
    identityId: 'idn',
    subject,
    body: 'Hello',
    delay: { amount: 1, unit: 'days' },
  });

const context = (subject: string): PlanningContext => planningContext([email(subject)]);

const waiting = enrollmentState({
  status: 'in_progress',
  substatus: 'waiting_for_delay',
  currentNodeId: 'intro',
  timerVersion: 1,
  nextDueAt: new Date('2026-11-26T10:00:00Z'),
});

describe('recipient transitions of a sequence-wide change', () => {
  it('pausing with the sequence cancels the pending timer and says why', () => {
    const t = pauseWithSequence(waiting, context('Hi'));
    expect(t.next).toMatchObject({ status: 'paused', substatus: 'sequence_paused', timerVersion: 2, nextDueAt: null });
    expect(t.timer).toEqual({ kind: 'cancel' });
  });

  it('resuming with the sequence schedules the step the recipient was paused on', () => {
    const t = resumeWithSequence(pauseWithSequence(waiting, context('Hi')).next, context('Hi'));
    expect(t.next).toMatchObject({ status: 'in_progress', currentNodeId: 'intro', timerVersion: 3 });
    expect(t.timer).toMatchObject({ kind: 'schedule', action: { kind: 'send_step', step: { stepId: 'intro' } } });
    expect(t.cause).toContain('sequence resumed');
  });

  it('archiving stops the recipient for good', () => {
    expect(stopWithSequence(waiting).next).toMatchObject({ status: 'stopped', substatus: 'sequence_archived' });
  });

  it('an edited step is re-issued with its new content at the same time, the recipient staying where it was', () => {
    const t = reissueEditedSend(waiting, context('New subject'));
    expect(t?.next).toMatchObject({ status: 'in_progress', substatus: 'waiting_for_delay', timerVersion: 2 });
    expect(t?.timer).toMatchObject({
      kind: 'schedule',
      dueAt: waiting.nextDueAt,
      action: { kind: 'send_step', step: { stepId: 'intro', attempt: 1 }, delivery: { subject: 'New subject' } },
    });
    expect(t?.reachedStep).toBeNull();
  });

  it("a re-issued send keeps the sender's working hours and limit, in the recipient's zone", () => {
    const base = context('New subject');
    const identity = base.identities.get('idn') as SenderIdentity;
    const workingHours = { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };
    const ctx: PlanningContext = {
      ...base,
      recipient: { ...base.recipient, timezone: 'Asia/Tokyo' },
      identities: new Map([['idn', { ...identity, workingHours, dailyLimit: 50 }]]),
    };
    expect(reissueEditedSend(waiting, ctx)?.timer).toMatchObject({
      action: {
        window: { ...workingHours, timezone: 'Asia/Tokyo' },
        limits: { identityId: 'idn', dailyCap: 50, timezone: 'UTC' },
      },
    });
  });

  it('nothing is re-issued for a recipient without a pending send', () => {
    expect(reissueEditedSend({ ...waiting, status: 'paused', nextDueAt: null }, context('New subject'))).toBeNull();
  });
});
