import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { awaitStatus, awaitTimer, createIdentity, enroll, launchSequence, sql, view } from './support/launch-sequence';

describe("a sequence's enrollment rule decides who may join it", () => {
  const harness = new EnrollmentHarness();
  let identityId: string;
  beforeAll(async () => {
    await harness.start(3933);
    identityId = await createIdentity(harness);
  });
  afterAll(() => harness.stop());

  const steps = () => [
    { kind: 'step', id: 'intro', type: 'automated_email', name: 'Intro', identityId, subject: 'Hi', body: 'Hello' },
  ];
  const markCompleted = (id: string) => harness.api('POST', `/v1/enrollments/${id}/actions/mark_completed`);

  it('after_days: a recipient who finished more than N days ago runs again on the same row, with a new attempt', async () => {
    const sequenceId = await launchSequence(harness, steps(), { kind: 'after_days', days: 3 });
    const [{ enrollmentId: id }] = (await enroll(harness, sequenceId, ['again@example.com'])).enrolled;
    await markCompleted(id);

    const tooSoon = await enroll(harness, sequenceId, ['again@example.com']);
    expect(tooSoon.rejected[0].reason).toContain('less than 3 days ago');

    await sql(
      harness,
      `UPDATE enrollment_transition SET occurred_at = now() - interval '4 days' WHERE enrollment_id = $1`,
      [id],
    );
    const again = await enroll(harness, sequenceId, ['again@example.com']);
    expect(again.enrolled).toEqual([expect.objectContaining({ enrollmentId: id })]);
    const rerun = await view(harness, id);
    expect(rerun).toMatchObject({ status: 'in_progress', currentNodeId: 'intro', attempt: 2, timerVersion: 3 });
    expect(rerun.timeline.map((t) => t.toStatus)).toEqual(['in_progress', 'completed', 'in_progress']);
    expect(rerun.timeline[2]).toMatchObject({ fromStatus: 'completed', cause: expect.stringContaining('again') });
    expect((await awaitTimer(harness, id, 3)).action).toMatchObject({ step: { stepId: 'intro', attempt: 2 } });
  });

  it('exclusive/refuse: a recipient running in another exclusive sequence is refused with the reason', async () => {
    const first = await launchSequence(harness, steps(), { kind: 'exclusive', onConflict: 'refuse' });
    const second = await launchSequence(harness, steps(), { kind: 'exclusive', onConflict: 'refuse' });
    const open = await launchSequence(harness, steps());
    await enroll(harness, first, ['busy@example.com']);

    const refused = await enroll(harness, second, ['busy@example.com', 'free@example.com']);
    expect(refused.enrolled.map((e) => e.index)).toEqual([1]);
    expect(refused.rejected).toEqual([
      { index: 0, reason: `recipient is running in exclusive sequence ${first} (status in_progress)` },
    ]);
    // A sequence without the rule is not concerned.
    expect((await enroll(harness, open, ['busy@example.com'])).enrolled).toHaveLength(1);
  });

  it('exclusive/move: the recipient is stopped (moved) in the other exclusive sequence and enrolled here', async () => {
    const first = await launchSequence(harness, steps(), { kind: 'exclusive', onConflict: 'refuse' });
    const second = await launchSequence(harness, steps(), { kind: 'exclusive', onConflict: 'move' });
    const [{ enrollmentId: before }] = (await enroll(harness, first, ['mover@example.com'])).enrolled;

    const moved = await enroll(harness, second, ['mover@example.com']);
    expect(moved.rejected).toEqual([]);
    expect(await view(harness, before)).toMatchObject({ status: 'stopped', substatus: 'moved' });
    await waitFor('the old timer cancelled', () => harness.tap.of('timer.cancelled').find((m) => m.key === before));
    await awaitStatus(harness, moved.enrolled[0].enrollmentId, 'in_progress');
  });
});
