import { sequenceNodeSchema } from './sequence-definition';
import type { EnrollmentState } from './enrollment-state';
import { ACTION_TRANSITIONS } from './recipient-action-transitions';
import { enrollmentState, planningContext } from './planning-fixtures';

const nodes = [
  {
    kind: 'step',
    id: 'email',
    type: 'automated_email',
    name: 'Email',
    identityId: 'idn',
    subject: 'Hi',
    body: 'Hello',
  },
  { kind: 'step', id: 'call', type: 'task', name: 'Call' },
].map((n) => sequenceNodeSchema.parse(n));

const ctx = planningContext(nodes);

const running = enrollmentState({
  status: 'in_progress',
  substatus: 'scheduled',
  currentNodeId: 'email',
  timerVersion: 3,
  nextDueAt: new Date('2026-11-25T10:00:00Z'),
});

describe('recipient actions', () => {
  it('pause cancels the pending timer with a newer version', () => {
    const t = ACTION_TRANSITIONS.pause(running, ctx);
    expect(t.next).toMatchObject({ status: 'paused', substatus: 'by_user', timerVersion: 4, nextDueAt: null });
    expect(t.timer).toEqual({ kind: 'cancel' });
  });

  it('resume sends the step the recipient was paused on at once, under a new attempt', () => {
    const paused = ACTION_TRANSITIONS.pause(running, ctx).next;
    const t = ACTION_TRANSITIONS.resume(paused, ctx);
    expect(t.next).toMatchObject({
      status: 'in_progress',
      substatus: 'scheduled',
      currentNodeId: 'email',
      attempt: 2,
      timerVersion: 5,
    });
    expect(t.timer).toMatchObject({
      kind: 'schedule',
      dueAt: ctx.now,
      action: { kind: 'send_step', step: { stepId: 'email', attempt: 2 } },
    });
  });

  it('resume moves on from a step the channel sent while the recipient was paused', () => {
    const paused = ACTION_TRANSITIONS.pause(running, ctx).next;
    const t = ACTION_TRANSITIONS.resume({ ...paused, facts: { email: { sent: true } } }, ctx);
    expect(t.next).toMatchObject({ status: 'pending_action', substatus: 'task', currentNodeId: 'call' });
    expect(t.cause).toContain('step email was sent before the pause');
  });

  it('a step planned while the sequence is paused waits with the sequence instead of being scheduled', () => {
    const t = ACTION_TRANSITIONS.skip_step(running, { ...ctx, sequenceStatus: 'paused' });
    expect(t.next).toMatchObject({ status: 'paused', substatus: 'sequence_paused', currentNodeId: 'call' });
    expect(t.timer).toEqual({ kind: 'cancel' });
    const archived = ACTION_TRANSITIONS.skip_step(running, { ...ctx, sequenceStatus: 'archived' });
    expect(archived.next).toMatchObject({ status: 'stopped', substatus: 'sequence_archived' });
  });

  it('skip moves to the next step: a task puts the recipient in Pending Action', () => {
    const t = ACTION_TRANSITIONS.skip_step(running, ctx);
    expect(t.next).toMatchObject({ status: 'pending_action', substatus: 'task', currentNodeId: 'call' });
    expect(t.reachedStep).toEqual({ stepId: 'call', stepType: 'task' });
    expect(t.resolvedStep).toEqual({ stepId: 'email', resolution: 'skipped' });
  });

  it('retry makes a new attempt of the errored step', () => {
    const errored: EnrollmentState = {
      ...running,
      status: 'error',
      nextDueAt: null,
      error: { type: 'auth', message: 'login refused', suggestedFix: 'reconnect' },
    };
    const t = ACTION_TRANSITIONS.retry(errored, ctx);
    expect(t.next).toMatchObject({ status: 'in_progress', attempt: 2, error: null });
    expect(t.timer).toMatchObject({ kind: 'schedule', action: { step: { attempt: 2 } } });
  });

  it('stop, mark completed and delete end all activity', () => {
    expect(ACTION_TRANSITIONS.stop(running, ctx).next.status).toBe('stopped');
    expect(ACTION_TRANSITIONS.mark_completed(running, ctx).next.status).toBe('completed');
    const removed = ACTION_TRANSITIONS.delete(running, ctx);
    expect(removed.next).toMatchObject({ status: 'stopped', substatus: 'removed' });
    expect(removed.timer).toEqual({ kind: 'cancel' });
  });
});

describe('issue 15 seed rules', () => {
  it('a paused recipient can be finished: Completed, its pending timer gone (seed 004)', () => {
    const paused = ACTION_TRANSITIONS.pause(running, ctx).next;
    expect(ACTION_TRANSITIONS.mark_completed(paused, ctx).next).toMatchObject({ status: 'completed', nextDueAt: null });
  });

  it('a recruiter marks a response Interested later; it stays Replied (seed 003)', () => {
    const replied = { ...running, status: 'replied' as const, substatus: 'not_interested', nextDueAt: null };
    const t = ACTION_TRANSITIONS.mark_interested(replied, ctx);
    expect(t.next).toMatchObject({ status: 'replied', substatus: 'interested' });
    expect(t.cause).toBe('marked interested by user');
  });
});
