import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { launchAndEnroll } from './support/fixtures';
import { view } from './support/launch-sequence';

interface SequenceView {
  id: string;
  name: string;
  status: string;
  definition: { id: string }[];
}
interface Refusal {
  message: string;
  status: string;
  action: string;
}

describe('sequence lifecycle: pause, resume, archive, duplicate, delete', () => {
  const harness = new EnrollmentHarness();
  beforeAll(() => harness.start(3941));
  afterAll(() => harness.stop());

  const move = (id: string, action: string) =>
    harness.api<SequenceView & Refusal>('POST', `/v1/sequences/${id}/${action}`);
  const listed = async (query = '') =>
    (await harness.api<{ items: SequenceView[] }>('GET', `/v1/sequences${query}`)).body.items.map((s) => s.id);
  const timerCommand = (type: string, enrollmentId: string, version: number) =>
    waitFor(`${type} v${version} of ${enrollmentId}`, () =>
      harness.tap
        .of(type)
        .find((m) => m.key === enrollmentId && (m.envelope.payload as { version: number }).version === version),
    );

  it('pausing a sequence pauses its running recipients, resuming brings them back on their step with new timers', async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['runs@example.com', 'held@example.com']);
    const [running, heldByUser] = enrollmentIds;
    await harness.api('POST', `/v1/enrollments/${heldByUser}/actions/pause`);

    expect((await move(sequenceId, 'pause')).body.status).toBe('paused');
    expect(await view(harness, running)).toMatchObject({
      status: 'paused',
      substatus: 'sequence_paused',
      timerVersion: 2,
    });
    await timerCommand('timer.cancelled', running, 2);

    expect((await move(sequenceId, 'resume')).body.status).toBe('active');
    expect(await view(harness, running)).toMatchObject({
      status: 'in_progress',
      currentNodeId: 'intro',
      timerVersion: 3,
    });
    const resumed = await timerCommand('timer.scheduled', running, 3);
    expect(resumed.envelope.payload).toMatchObject({ action: { kind: 'send_step', step: { stepId: 'intro' } } });
    expect(await view(harness, heldByUser)).toMatchObject({ status: 'paused', substatus: 'by_user' });
  });

  it('archiving stops every running recipient and lists the sequence under archived only; it cannot be resumed', async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['archived@example.com']);
    expect((await move(sequenceId, 'archive')).body.status).toBe('archived');
    expect(await view(harness, enrollmentIds[0])).toMatchObject({ status: 'stopped', substatus: 'sequence_archived' });
    await timerCommand('timer.cancelled', enrollmentIds[0], 2);

    expect(await listed()).not.toContain(sequenceId);
    expect(await listed('?status=archived')).toContain(sequenceId);
    const resume = await move(sequenceId, 'resume');
    expect(resume.status).toBe(409);
    expect(resume.body).toMatchObject({
      status: 'archived',
      action: 'resume',
      message: 'resume is not allowed for a sequence in status archived',
    });
  });

  it('duplicating gives a draft copy with the same step ids whose structure can still change', async () => {
    const { sequenceId } = await launchAndEnroll(harness, ['copied@example.com']);
    const copy = await move(sequenceId, 'duplicate');
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Backend engineers (copy)', status: 'draft' });
    expect(copy.body.id).not.toBe(sequenceId);
    expect(copy.body.definition.map((n) => n.id)).toEqual(['intro', 'follow-up']);

    const [intro] = copy.body.definition;
    const edited = await harness.api<SequenceView>('PATCH', `/v1/sequences/${copy.body.id}`, { steps: [intro] });
    expect(edited.status).toBe(200);
    expect(edited.body.definition.map((n) => n.id)).toEqual(['intro']);
    expect((await move(copy.body.id, 'launch')).body.status).toBe('active');
  });

  it('only a draft or an archived sequence can be deleted; a deleted sequence is gone from lists and reads', async () => {
    const { sequenceId } = await launchAndEnroll(harness, ['deleted@example.com']);
    const refused = await harness.api<Refusal>('DELETE', `/v1/sequences/${sequenceId}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ status: 'active', action: 'delete' });

    await move(sequenceId, 'archive');
    expect((await harness.api('DELETE', `/v1/sequences/${sequenceId}`)).status).toBe(204);
    expect((await harness.api('GET', `/v1/sequences/${sequenceId}`)).status).toBe(404);
    expect(await listed('?status=archived')).not.toContain(sequenceId);
    expect((await harness.api('DELETE', `/v1/sequences/${sequenceId}`)).status).toBe(404);

    const draft = await harness.api<SequenceView>('POST', '/v1/sequences', {
      name: 'Never launched',
      steps: [{ kind: 'step', id: 'call', type: 'task', name: 'Call' }],
    });
    expect((await harness.api('DELETE', `/v1/sequences/${draft.body.id}`)).status).toBe(204);
    expect(await listed()).not.toContain(draft.body.id);
  });
});
