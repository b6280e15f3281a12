import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { launchAndEnroll } from './support/fixtures';

interface EnrollmentView {
  status: string;
  substatus: string | null;
  timerVersion: number;
}

describe('recipient actions through the API follow the status/action matrix', () => {
  const harness = new EnrollmentHarness();
  beforeAll(() => harness.start(3915));
  afterAll(() => harness.stop());

  const view = async (id: string) => (await harness.api<EnrollmentView>('GET', `/v1/enrollments/${id}`)).body;
  const act = (id: string, action: string) =>
    harness.api<{ message: string; status: string; action: string }>('POST', `/v1/enrollments/${id}/actions/${action}`);

  it('pause and resume re-time the step; a forbidden action is a 409 naming the status and the action', async () => {
    const { enrollmentIds } = await launchAndEnroll(harness, ['pausable@example.com']);
    const [id] = enrollmentIds;
    expect((await act(id, 'pause')).status).toBe(200);
    expect(await view(id)).toMatchObject({ status: 'paused', substatus: 'by_user', timerVersion: 2 });
    await waitFor('the cancel', () => harness.tap.of('timer.cancelled').find((m) => m.key === id));

    const again = await act(id, 'pause');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 'paused', action: 'pause' });
    expect(again.body.message).toContain('pause is not allowed for a recipient in status paused');

    expect((await act(id, 'resume')).status).toBe(200);
    expect(await view(id)).toMatchObject({ status: 'in_progress', timerVersion: 3 });
    const rescheduled = await waitFor('the new timer', () =>
      harness.tap
        .of('timer.scheduled')
        .find((m) => m.key === id && (m.envelope.payload as { version: number }).version === 3),
    );
    expect(rescheduled.envelope.payload).toMatchObject({ action: { kind: 'send_step', step: { stepId: 'intro' } } });
  });

  it('stop answers once its halt is published to the channels, and is permanent: resume is refused', async () => {
    const { enrollmentIds } = await launchAndEnroll(harness, ['stoppable@example.com']);
    const stopped = await act(enrollmentIds[0], 'stop');
    // The first step came due at enrolment and no channel reported it: it may be with the provider.
    expect(stopped).toMatchObject({
      status: 200,
      body: {
        enrollmentId: enrollmentIds[0],
        status: 'stopped',
        possiblyInFlight: { enrollmentId: enrollmentIds[0], stepId: 'intro' },
        haltPublished: true,
      },
    });
    const halt = await waitFor('the halt on the feed', () =>
      harness.tap.of('enrollment.halt').find((m) => m.key === enrollmentIds[0]),
    );
    expect(halt.envelope.payload).toMatchObject({ attempt: 1, halt: { status: 'stopped' } });
    expect((await act(enrollmentIds[0], 'resume')).status).toBe(409);
    expect((await view(enrollmentIds[0])).status).toBe('stopped');
  });

  it('delete removes the recipient for good: not listed, and cannot be enrolled again', async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['removable@example.com']);
    expect((await act(enrollmentIds[0], 'delete')).status).toBe(200);
    const list = await harness.api<{ items: { id: string }[] }>('GET', `/v1/sequences/${sequenceId}/enrollments`);
    expect(list.body.items.map((i) => i.id)).not.toContain(enrollmentIds[0]);
    const again = await harness.api<{ rejected: { reason: string }[] }>(
      'POST',
      `/v1/sequences/${sequenceId}/enrollments`,
      {
        recipients: [{ email: 'removable@example.com' }],
      },
    );
    expect(again.body.rejected[0].reason).toContain('removed from this sequence and cannot be added back');
    expect((await act(enrollmentIds[0], 'pause')).status).toBe(404);
  });

  it('bulk actions report each refused recipient with its status', async () => {
    const { enrollmentIds } = await launchAndEnroll(harness, ['bulk-a@example.com', 'bulk-b@example.com']);
    await act(enrollmentIds[1], 'stop');
    const result = await harness.api<{ applied: string[]; refused: { enrollmentId: string; status: string | null }[] }>(
      'POST',
      '/v1/enrollments/actions',
      { action: 'pause', enrollmentIds: [...enrollmentIds, 'enr_missing'] },
    );
    expect(result.status).toBe(200);
    expect(result.body.applied).toEqual([enrollmentIds[0]]);
    expect(result.body.refused).toEqual([
      { enrollmentId: enrollmentIds[1], status: 'stopped', reason: expect.stringContaining('not allowed') },
      { enrollmentId: 'enr_missing', status: null, reason: 'enrollment not found' },
    ]);
  });
});
