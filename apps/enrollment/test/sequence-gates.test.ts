import { Client } from 'pg';
import { Topics } from '@stepwise/contracts';
import { testDatabaseUrl, waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { launchAndEnroll, outcome } from './support/fixtures';
import {
  awaitStatus,
  awaitTimer,
  createIdentity,
  enroll,
  fireTimer,
  launchSequence,
  sql,
  view,
} from './support/launch-sequence';

/** Steps run only in an active sequence; a resume re-sends under a new attempt; deleted means gone. */
describe('sequence status gates what recipients may run', () => {
  const harness = new EnrollmentHarness();
  beforeAll(() => harness.start(3918), 60_000);
  afterAll(() => harness.stop());

  const act = (id: string, action: string) =>
    harness.api<{ message: string; status: string; action: string }>('POST', `/v1/enrollments/${id}/actions/${action}`);
  const moveSequence = (id: string, action: 'pause' | 'resume' | 'archive') =>
    harness.api<{ status: string }>('POST', `/v1/sequences/${id}/${action}`);
  const scheduledAt = (id: string, version: number) =>
    harness.tap
      .of('timer.scheduled')
      .filter((m) => m.key === id && (m.envelope.payload as { version: number }).version === version);

  it("a user's resume while the sequence is paused is a 409 naming the sequence; the recipient stays paused", async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['held@example.com', 'bulk-held@example.com']);
    const [id, other] = enrollmentIds;
    expect((await act(id, 'pause')).status).toBe(200);
    expect((await act(other, 'pause')).status).toBe(200);
    expect((await moveSequence(sequenceId, 'pause')).body.status).toBe('paused');

    const refused = await act(id, 'resume');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      status: 'paused',
      action: 'resume',
      message: `resume is not allowed while sequence ${sequenceId} is paused: resume the sequence first`,
    });
    const bulk = await harness.api<{ applied: string[]; refused: { enrollmentId: string; reason: string }[] }>(
      'POST',
      '/v1/enrollments/actions',
      { action: 'resume_out_of_office', enrollmentIds: [other] },
    );
    expect(bulk.body).toEqual({
      applied: [],
      refused: [
        {
          enrollmentId: other,
          status: 'paused',
          reason: `resume_out_of_office is not allowed while sequence ${sequenceId} is paused: resume the sequence first`,
        },
      ],
      possiblyInFlight: [],
      haltPublished: true,
    });
    expect(await view(harness, id)).toMatchObject({ status: 'paused', substatus: 'by_user', timerVersion: 2 });
    expect(scheduledAt(id, 3)).toEqual([]);
  });

  it('an out-of-office return while the sequence is paused waits with it, and goes on when it resumes', async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['away-while-paused@example.com']);
    const [id] = enrollmentIds;
    await harness.publish(Topics.emailOutcomes, [
      outcome(id, sequenceId, 'intro', 'out_of_office', { outOfOfficeUntil: '2031-01-05' }),
    ]);
    await awaitStatus(harness, id, 'paused', 'out_of_office');
    const returnTimer = await awaitTimer(harness, id, 2);
    await moveSequence(sequenceId, 'pause');
    expect(await view(harness, id)).toMatchObject({ status: 'paused', substatus: 'out_of_office' });

    await fireTimer(harness, returnTimer);
    const held = await awaitStatus(harness, id, 'paused', 'sequence_paused');
    expect(held.timeline.at(-1)?.cause).toBe('back from out of office; sequence paused');
    expect(scheduledAt(id, 3)).toEqual([]);

    await moveSequence(sequenceId, 'resume');
    await awaitStatus(harness, id, 'in_progress', 'scheduled');
    expect((await awaitTimer(harness, id, 3)).action).toMatchObject({
      kind: 'send_step',
      step: { stepId: 'intro', attempt: 2 },
    });
  });

  /**
   * Plays a pause in flight (the sequence row locked and changed, not committed yet), enrolls `email`
   * meanwhile, waits until the enrollment blocks on the sequence row, then commits the pause.
   */
  async function enrollDuringPause(sequenceId: string, email: string) {
    const pause = new Client({ connectionString: testDatabaseUrl() });
    await pause.connect();
    try {
      await pause.query(`SET search_path TO "${harness.schema}"`);
      await pause.query('BEGIN');
      await pause.query(`SELECT id FROM sequence WHERE id = $1 FOR UPDATE`, [sequenceId]);
      await pause.query(`UPDATE sequence SET status = 'paused' WHERE id = $1`, [sequenceId]);
      const { rows } = await pause.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const enrolling = harness.api<{ message: string }>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
        recipients: [{ email }],
      });
      await waitFor('the enrollment to wait on the sequence row', async () => {
        const blocked = await pause.query(`SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [
          rows[0].pid,
        ]);
        return (blocked.rowCount ?? 0) > 0;
      });
      await pause.query('COMMIT');
      return await enrolling;
    } finally {
      await pause.end();
    }
  }
  const refusedAsPaused = (sequenceId: string) => ({
    status: 409,
    body: { message: `sequence ${sequenceId} is paused: recipients can only join an active sequence` },
  });

  it('an enrollment waits for a sequence pause in flight and is refused, never enrolled into a paused sequence', async () => {
    const { sequenceId } = await launchAndEnroll(harness, ['before-the-pause@example.com']);
    expect(await enrollDuringPause(sequenceId, 'during-the-pause@example.com')).toMatchObject(
      refusedAsPaused(sequenceId),
    );
    const listed = await harness.api<{ items: { recipient: { email: string } }[] }>(
      'GET',
      `/v1/sequences/${sequenceId}/enrollments`,
    );
    expect(listed.body.items.map((i) => i.recipient.email)).toEqual(['before-the-pause@example.com']);
  });

  it('a re-enrollment (after N days: the row is only updated) also waits for a pause in flight and is refused', async () => {
    const identityId = await createIdentity(harness);
    const sequenceId = await launchSequence(
      harness,
      [{ kind: 'step', id: 'intro', type: 'automated_email', name: 'Intro', identityId, subject: 'Hi', body: 'Hello' }],
      { kind: 'after_days', days: 3 },
    );
    const [{ enrollmentId }] = (await enroll(harness, sequenceId, ['back-again@example.com'])).enrolled;
    await act(enrollmentId, 'mark_completed');
    await sql(
      harness,
      `UPDATE enrollment_transition SET occurred_at = now() - interval '4 days' WHERE enrollment_id = $1`,
      [enrollmentId],
    );
    expect(await enrollDuringPause(sequenceId, 'back-again@example.com')).toMatchObject(refusedAsPaused(sequenceId));
    expect(await view(harness, enrollmentId)).toMatchObject({ status: 'completed', attempt: 1 });
  });

  it('resume sends the step at once under a new attempt; a step sent while paused is not sent again', async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['resend@example.com', 'sent@example.com']);
    const [resent, alreadySent] = enrollmentIds;
    for (const id of enrollmentIds) expect((await act(id, 'pause')).status).toBe(200);
    // The dispatcher had released this one before the pause reached it: the channel sent attempt 1.
    await harness.publish(Topics.emailOutcomes, [outcome(alreadySent, sequenceId, 'intro', 'sent')]);
    await waitFor('the send to be recorded', async () => {
      const { rows } = await query(`SELECT facts FROM enrollment WHERE id = $1`, [alreadySent]);
      return (rows[0] as { facts: { intro?: { sent?: boolean } } }).facts.intro?.sent === true;
    });

    const before = Date.now();
    for (const id of enrollmentIds) expect((await act(id, 'resume')).status).toBe(200);
    const timer = await awaitTimer(harness, resent, 3);
    expect(timer.action).toMatchObject({ kind: 'send_step', step: { stepId: 'intro', attempt: 2 } });
    expect(Date.parse(timer.dueAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(timer.dueAt)).toBeLessThan(Date.now() + 1000);
    expect(await view(harness, resent)).toMatchObject({ status: 'in_progress', substatus: 'scheduled', attempt: 2 });

    expect((await awaitTimer(harness, alreadySent, 3)).action).toMatchObject({
      step: { stepId: 'follow-up', attempt: 1 },
    });
    const moved = await view(harness, alreadySent);
    expect(moved).toMatchObject({ status: 'in_progress', currentNodeId: 'follow-up' });
    expect(moved.timeline.at(-1)?.cause).toBe('resumed by user; step intro was sent before the pause');
  });

  it("a deleted sequence's recipients are gone from every read: 404 naming the sequence", async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['deleted@example.com']);
    const [id] = enrollmentIds;
    await moveSequence(sequenceId, 'archive');
    expect((await harness.api('DELETE', `/v1/sequences/${sequenceId}`)).status).toBe(204);

    const list = await harness.api<{ message: string }>('GET', `/v1/sequences/${sequenceId}/enrollments`);
    expect(list).toMatchObject({ status: 404, body: { message: `sequence ${sequenceId} not found` } });
    const one = await harness.api<{ message: string }>('GET', `/v1/enrollments/${id}`);
    expect(one).toMatchObject({
      status: 404,
      body: { message: `enrollment ${id} not found: sequence ${sequenceId} was deleted` },
    });
    expect((await act(id, 'delete')).status).toBe(404);
  });

  async function query(text: string, values: unknown[]) {
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${harness.schema}"`);
      return await client.query(text, values);
    } finally {
      await client.end();
    }
  }
});
