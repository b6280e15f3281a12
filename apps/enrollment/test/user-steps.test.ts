import { Topics, type EnrollmentTransitioned } from '@stepwise/contracts';
import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { outcome } from './support/fixtures';
import {
  awaitStatus,
  awaitTimer,
  createIdentity,
  enroll,
  fireTimer,
  launchSequence,
  view,
} from './support/launch-sequence';

describe('manual email and task steps wait for the user', () => {
  const harness = new EnrollmentHarness();
  let identityId: string;
  beforeAll(async () => {
    await harness.start(3931);
    identityId = await createIdentity(harness);
  });
  afterAll(() => harness.stop());

  const manualEmail = (id: string) => ({
    kind: 'step',
    id,
    type: 'manual_email',
    name: 'Personal note',
    identityId,
    subject: 'Hi',
    body: 'Template body',
  });
  const task = (id: string, extra: object = {}) => ({ kind: 'step', id, type: 'task', name: 'Call', ...extra });
  const email = (id: string) => ({
    kind: 'step',
    id,
    type: 'automated_email',
    name: 'Follow-up',
    identityId,
    subject: 'Following up',
    body: 'Bump',
  });
  /** The step facts enrollment published for the recipient's step, newest last. */
  const stepFactsOf = (enrollmentId: string, stepId: string) =>
    harness.tap
      .of('enrollment.transitioned')
      .filter((m) => m.key === enrollmentId)
      .flatMap((m) => (m.envelope.payload as EnrollmentTransitioned['payload']).steps)
      .filter((step) => step.stepId === stepId)
      .map((step) => step.facts);

  it('sending a manual email schedules a send timer with the edited content; sent advances', async () => {
    const sequenceId = await launchSequence(harness, [manualEmail('note'), task('call')]);
    const [{ enrollmentId: id }] = (await enroll(harness, sequenceId, ['manual@example.com'])).enrolled;
    await awaitStatus(harness, id, 'pending_action', 'manual_email');
    const overdue = await awaitTimer(harness, id, 1);
    expect(overdue.action).toMatchObject({ kind: 'notify', reason: 'manual_email_overdue', stepId: 'note' });

    const sent = await harness.api('POST', `/v1/enrollments/${id}/manual-email/send`, {
      subject: 'Edited subject',
      body: 'Edited body',
    });
    expect(sent.status).toBe(204);
    expect(await view(harness, id)).toMatchObject({ status: 'in_progress', substatus: 'scheduled', timerVersion: 2 });
    const send = await awaitTimer(harness, id, 2);
    expect(send.action).toMatchObject({
      kind: 'send_step',
      step: { stepId: 'note', attempt: 1 },
      delivery: { stepType: 'manual_email', subject: 'Edited subject', body: 'Edited body', to: 'manual@example.com' },
    });

    await harness.publish(Topics.emailOutcomes, [outcome(id, sequenceId, 'note', 'sent')]);
    await awaitStatus(harness, id, 'pending_action', 'task');
  });

  it('a manual email can be scheduled for later; a task cannot be sent as one (409 naming status and action)', async () => {
    const sequenceId = await launchSequence(harness, [manualEmail('note'), task('call')]);
    const [{ enrollmentId: id }] = (await enroll(harness, sequenceId, ['scheduled@example.com'])).enrolled;
    await awaitStatus(harness, id, 'pending_action', 'manual_email');
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    expect((await harness.api('POST', `/v1/enrollments/${id}/manual-email/send`, { sendAt })).status).toBe(204);
    const send = await awaitTimer(harness, id, 2);
    expect(new Date(send.dueAt).toISOString()).toBe(sendAt);
    expect(send.action).toMatchObject({ kind: 'send_step', delivery: { subject: 'Hi', body: 'Template body' } });

    const refused = await harness.api<{ status: string; action: string }>(
      'POST',
      `/v1/enrollments/${id}/task/complete`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ status: 'in_progress', action: 'task.complete' });
  });

  it('completing a task advances to the next step and announces the step as completed', async () => {
    const sequenceId = await launchSequence(harness, [task('call'), email('follow-up')]);
    const [{ enrollmentId: id }] = (await enroll(harness, sequenceId, ['task@example.com'])).enrolled;
    await awaitStatus(harness, id, 'pending_action', 'task');
    expect((await harness.api('POST', `/v1/enrollments/${id}/task/complete`)).status).toBe(204);
    expect(await view(harness, id)).toMatchObject({ status: 'in_progress', currentNodeId: 'follow-up' });
    const done = await waitFor('the task announced completed', () => stepFactsOf(id, 'call').find((f) => f.completed));
    expect(done).toMatchObject({ reached: true, attempted: true, completed: true });
    expect(done.pending).toBeUndefined();
    expect((await awaitTimer(harness, id, 2)).action).toMatchObject({ step: { stepId: 'follow-up' } });
  });

  it('an overdue task shows as overdue, stays Pending Action and can still be completed', async () => {
    const sequenceId = await launchSequence(harness, [task('call', { taskDueAfter: { amount: 2, unit: 'hours' } })]);
    const [{ enrollmentId: id }] = (await enroll(harness, sequenceId, ['late@example.com'])).enrolled;
    const timer = await awaitTimer(harness, id, 1);
    expect(timer.action).toMatchObject({ kind: 'notify', reason: 'task_overdue', stepId: 'call' });
    expect(new Date(timer.dueAt).getTime() - Date.now()).toBeGreaterThan(110 * 60_000);

    await fireTimer(harness, timer);
    await awaitStatus(harness, id, 'pending_action', 'overdue');
    expect((await harness.api('POST', `/v1/enrollments/${id}/task/complete`)).status).toBe(204);
    await awaitStatus(harness, id, 'completed');
  });

  it('a task marked skip-when-overdue is skipped when its due time passes, and the sequence goes on', async () => {
    const sequenceId = await launchSequence(harness, [task('call', { skipTaskWhenOverdue: true }), email('after')]);
    const [{ enrollmentId: id }] = (await enroll(harness, sequenceId, ['skipped@example.com'])).enrolled;
    const timer = await awaitTimer(harness, id, 1);
    await fireTimer(harness, timer);
    await awaitStatus(harness, id, 'in_progress');
    expect((await view(harness, id)).currentNodeId).toBe('after');
    const skipped = await waitFor('the task announced skipped', () => stepFactsOf(id, 'call').find((f) => f.skipped));
    expect(skipped).toMatchObject({ reached: true, attempted: true, skipped: true });
    expect(skipped.completed).toBeUndefined();
  });
});
