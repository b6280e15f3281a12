import type { StepOutcome } from '@stepwise/contracts';
import { sequenceNodeSchema } from './sequence-definition';
import { enrollmentState, FIXTURE_NOW, planningContext } from './planning-fixtures';
import { markBounced, noteAutoReply, SOFT_BOUNCE_RETRIES } from './outcome-transitions';

const nodes = [
  { kind: 'step', id: 'intro', type: 'automated_email', name: 'Intro', identityId: 'idn', subject: 'Hi', body: 'x' },
  {
    kind: 'step',
    id: 'follow',
    type: 'automated_email',
    name: 'Follow-up',
    identityId: 'idn',
    subject: 'Hi again',
    body: 'y',
    delay: { amount: 3, unit: 'days' },
  },
].map((n) => sequenceNodeSchema.parse(n));
const ctx = planningContext(nodes);

/** Sent intro, now waiting three days for the follow-up. */
const waiting = enrollmentState({
  status: 'in_progress',
  substatus: 'waiting_for_delay',
  currentNodeId: 'follow',
  attempt: 1,
  timerVersion: 2,
  nextDueAt: new Date('2026-11-28T10:00:00Z'),
  facts: { intro: { sent: true } },
});

function bounce(kind: 'hard' | 'soft', reason: string, status?: string): StepOutcome['payload'] {
  return {
    step: { enrollmentId: 'enr', sequenceId: 's', stepId: 'intro', attempt: 1 },
    channel: 'email',
    outcome: 'bounced',
    bounce: kind,
    inbound: { class: 'bounce', reason, ...(status ? { status } : {}) },
    error: { type: 'invalid_address', message: 'mailbox full', suggestedFix: 'try again in a few days' },
  };
}

describe('bounces', () => {
  it('ends the recipient on a hard bounce, naming the reason on the timeline', () => {
    const t = markBounced(waiting, bounce('hard', 'userunknown', '5.1.1'), ctx);
    expect(t?.next.status).toBe('bounced');
    expect(t?.timer).toEqual({ kind: 'cancel' });
    expect(t?.cause).toBe('hard bounce on step intro (userunknown 5.1.1)');
  });

  it('sends a soft-bounced step again after a pause, then continues the sequence from it', () => {
    const t = markBounced(waiting, bounce('soft', 'mailboxfull', '5.2.2'), ctx);
    expect(t?.next).toMatchObject({ status: 'in_progress', currentNodeId: 'intro', attempt: 2 });
    expect(t?.next.facts.intro).toEqual({ sent: true, softBounces: 1 });
    expect(t?.timer).toMatchObject({
      kind: 'schedule',
      dueAt: new Date(FIXTURE_NOW.getTime() + 3_600_000),
      action: { kind: 'send_step', step: { stepId: 'intro', attempt: 2 } },
    });
    expect(t?.cause).toMatch(/^soft bounce 1 of 4 allowed on step intro \(mailboxfull 5\.2\.2\); sent again at /);
  });

  it('waits longer before each retry and puts the recipient in Error with the cause and fix once retries ran out', () => {
    let state = waiting;
    const delays: number[] = [];
    for (let i = 0; i < SOFT_BOUNCE_RETRIES; i++) {
      const t = markBounced(state, bounce('soft', 'mailboxfull', '5.2.2'), ctx);
      if (t?.timer?.kind !== 'schedule') throw new Error('expected a retry');
      delays.push(t.timer.dueAt.getTime() - FIXTURE_NOW.getTime());
      state = t.next;
    }
    expect(delays).toEqual([3_600_000, 4 * 3_600_000, 16 * 3_600_000]);
    const last = markBounced(state, bounce('soft', 'mailboxfull', '5.2.2'), ctx);
    expect(last?.next).toMatchObject({
      status: 'error',
      error: {
        type: 'invalid_address',
        message: 'the email of step intro bounced 4 times (mailboxfull 5.2.2)',
        suggestedFix: 'try again in a few days',
      },
    });
  });

  it('does not send an old step again once a later one went out: the timeline records the bounce', () => {
    const later = { ...waiting, currentNodeId: 'follow', facts: { intro: { sent: true }, follow: { sent: true } } };
    const t = markBounced(later, bounce('soft', 'blocked'), ctx);
    expect(t?.timer).toBeNull();
    expect(t?.next).toEqual({ ...later, facts: { ...later.facts, intro: { sent: true, softBounces: 1 } } });
  });
});

describe('auto-replies', () => {
  it('change nothing and say what came back', () => {
    const t = noteAutoReply(
      waiting,
      {
        step: { enrollmentId: 'enr', sequenceId: 's', stepId: 'intro', attempt: 1 },
        channel: 'email',
        outcome: 'auto_reply',
        inbound: { class: 'auto_reply', reason: 'read_receipt' },
      },
      ctx,
    );
    expect(t).toEqual({
      next: waiting,
      timer: null,
      reachedStep: null,
      cause: 'auto-reply to step intro (auto_reply: read_receipt); the sequence goes on',
    });
  });
});
