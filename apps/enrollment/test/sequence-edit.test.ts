import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { awaitTimer, createIdentity, enroll, launchSequence, view } from './support/launch-sequence';

const oneDay = { amount: 1, unit: 'days' };
const steps = (identityId: string, introSubject = 'Hi {{firstName}}') => [
  {
    kind: 'step',
    id: 'intro',
    type: 'automated_email',
    name: 'Intro',
    identityId,
    subject: introSubject,
    body: 'Hello',
    delay: oneDay,
  },
  {
    kind: 'step',
    id: 'follow-up',
    type: 'automated_email',
    name: 'Follow-up',
    identityId,
    subject: 'Still there?',
    body: 'Bump',
    delay: oneDay,
  },
];

describe('editing a sequence: free in draft, content only after launch', () => {
  const harness = new EnrollmentHarness();
  beforeAll(() => harness.start(3942));
  afterAll(() => harness.stop());

  it('a draft takes any valid change of structure; an invalid one is a 400 naming the field', async () => {
    const identityId = await createIdentity(harness);
    const draft = await harness.api<{ id: string }>('POST', '/v1/sequences', {
      name: 'Draft',
      steps: steps(identityId),
    });
    const [intro, followUp] = steps(identityId);
    const reordered = await harness.api<{ definition: { id: string }[] }>('PATCH', `/v1/sequences/${draft.body.id}`, {
      steps: [followUp, intro],
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.definition.map((n) => n.id)).toEqual(['follow-up', 'intro']);

    const invalid = await harness.api<{ errors: { field: string }[] }>('PATCH', `/v1/sequences/${draft.body.id}`, {
      steps: [intro, { ...followUp, id: 'intro' }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e) => e.field)).toContain('steps.intro');
  });

  it('after launch, moving or removing a step is a 409: the structure is locked', async () => {
    const identityId = await createIdentity(harness);
    const sequenceId = await launchSequence(harness, steps(identityId));
    const [intro, followUp] = steps(identityId);

    for (const changed of [[followUp, intro], [intro]]) {
      const refused = await harness.api<{ message: string; status: string; action: string }>(
        'PATCH',
        `/v1/sequences/${sequenceId}`,
        { steps: changed },
      );
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual(
        expect.objectContaining({
          status: 'active',
          action: 'edit',
          message: 'structure is locked after launch: duplicate the sequence to change its steps',
        }),
      );
    }
    const sequence = await harness.api<{ definition: { id: string }[] }>('GET', `/v1/sequences/${sequenceId}`);
    expect(sequence.body.definition.map((n) => n.id)).toEqual(['intro', 'follow-up']);
  });

  it('a content edit re-issues pending sends of the edited step with the new subject, leaving recipients past it alone', async () => {
    const identityId = await createIdentity(harness);
    const sequenceId = await launchSequence(harness, steps(identityId));
    const { enrolled } = await enroll(harness, sequenceId, ['waiting@example.com', 'ahead@example.com']);
    const [waiting, ahead] = enrolled.map((e) => e.enrollmentId);
    const firstTimer = await awaitTimer(harness, waiting, 1);
    await harness.api('POST', `/v1/enrollments/${ahead}/actions/skip_step`);
    expect(await view(harness, ahead)).toMatchObject({ currentNodeId: 'follow-up', timerVersion: 2 });

    const edited = await harness.api('PATCH', `/v1/sequences/${sequenceId}`, {
      name: 'Renamed',
      steps: steps(identityId, 'A better subject'),
    });
    expect(edited.status).toBe(200);

    const reissued = await awaitTimer(harness, waiting, 2);
    expect(reissued.dueAt).toBe(firstTimer.dueAt);
    expect(reissued.action).toMatchObject({ kind: 'send_step', delivery: { subject: 'A better subject' } });
    expect(await view(harness, waiting)).toMatchObject({ status: 'in_progress', substatus: 'waiting_for_delay' });
    expect(await view(harness, ahead)).toMatchObject({ currentNodeId: 'follow-up', timerVersion: 2 });
    await waitFor('the edit published', () =>
      harness.tap
        .of('sequence.published')
        .find((m) => m.key === sequenceId && (m.envelope.payload as { name: string }).name === 'Renamed'),
    );
  });
});
