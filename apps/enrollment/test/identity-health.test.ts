import { createEnvelope, identityHealthSchema, Topics } from '@stepwise/contracts';
import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { awaitStatus, awaitTimer, createIdentity, enroll, launchSequence, view } from './support/launch-sequence';

describe('sender identity health pauses and resumes the recipients sending from it', () => {
  const harness = new EnrollmentHarness();
  beforeAll(() => harness.start(3932));
  afterAll(() => harness.stop());

  const emailFrom = (identityId: string) => [
    { kind: 'step', id: 'intro', type: 'automated_email', name: 'Intro', identityId, subject: 'Hi', body: 'Hello' },
  ];
  const report = (identityId: string, state: 'auth_lost' | 'auth_restored') =>
    harness.publish(Topics.identityHealth, [
      createEnvelope(identityHealthSchema, {
        tenantId: 'acme',
        key: identityId,
        payload: { identityId, channel: 'email', state },
      }),
    ]);
  const authState = async (identityId: string) =>
    (await harness.api<{ items: { id: string; authState: string }[] }>('GET', '/v1/identities')).body.items.find(
      (i) => i.id === identityId,
    )?.authState;

  it("a lost login pauses only that identity's recipients; restoring it resumes them on their step", async () => {
    const [lost, healthy] = [await createIdentity(harness), await createIdentity(harness)];
    const [lostSequence, healthySequence] = [
      await launchSequence(harness, emailFrom(lost)),
      await launchSequence(harness, emailFrom(healthy)),
    ];
    const [{ enrollmentId: paused }] = (await enroll(harness, lostSequence, ['lost@example.com'])).enrolled;
    const [{ enrollmentId: untouched }] = (await enroll(harness, healthySequence, ['kept@example.com'])).enrolled;

    await report(lost, 'auth_lost');
    await awaitStatus(harness, paused, 'paused', 'auth_lost');
    expect(await authState(lost)).toBe('auth_lost');
    const cancel = await waitFor('the cancel', () => harness.tap.of('timer.cancelled').find((m) => m.key === paused));
    expect(cancel.envelope.payload).toEqual({ timerId: paused, version: 2 });
    expect(await view(harness, untouched)).toMatchObject({ status: 'in_progress', timerVersion: 1 });

    await report(lost, 'auth_restored');
    await awaitStatus(harness, paused, 'in_progress', 'scheduled');
    expect(await authState(lost)).toBe('ok');
    // A new attempt: the channel may have claimed attempt 1 before the login was lost.
    expect((await awaitTimer(harness, paused, 3)).action).toMatchObject({
      kind: 'send_step',
      step: { stepId: 'intro', attempt: 2 },
    });
  });

  it('a recipient planned onto a step of a lost identity is paused instead of scheduled', async () => {
    const identityId = await createIdentity(harness);
    const sequenceId = await launchSequence(harness, emailFrom(identityId));
    await report(identityId, 'auth_lost');
    await waitFor('the lost login to be recorded', async () => (await authState(identityId)) === 'auth_lost');

    const [{ enrollmentId: id }] = (await enroll(harness, sequenceId, ['late-joiner@example.com'])).enrolled;
    expect(await view(harness, id)).toMatchObject({ status: 'paused', substatus: 'auth_lost', timerVersion: 0 });

    await report(identityId, 'auth_restored');
    await awaitStatus(harness, id, 'in_progress', 'scheduled');
    expect((await awaitTimer(harness, id, 1)).action).toMatchObject({ kind: 'send_step' });
  });
});
