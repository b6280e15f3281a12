import { waitFor } from '@stepwise/testing';
import { EmailServiceHarness, SENDER, stepDue, uniqueEnrollment } from './support';

const service = new EmailServiceHarness();
beforeAll(() => service.start());
afterAll(() => service.stop());

test('a same-thread follow-up answers the previous email: In-Reply-To, References and "Re:" its subject', async () => {
  const enrollmentId = uniqueEnrollment('thread');
  await service.publishStepDue([stepDue({ enrollmentId, subject: 'A role for you, {{ firstName }}' })]);
  await service.waitForOutcome(enrollmentId, 'sent');

  await service.publishStepDue([
    stepDue({ enrollmentId, stepId: 'step_2', subject: 'Ignored in a thread', sameThreadAsPrevious: true }),
  ]);
  await service.waitForOutcome(enrollmentId, 'sent', { stepId: 'step_2' });

  const first = `<${enrollmentId}.step_1.1@acme.example>`;
  const followUp = service.sentEmail(`<${enrollmentId}.step_2.1@acme.example>`);
  expect(followUp?.headers).toMatchObject({
    'in-reply-to': first,
    references: first,
    subject: 'Re: A role for you, Zoë',
  });
});

test('a follow-up not in the same thread keeps its own subject and starts no thread', async () => {
  const enrollmentId = uniqueEnrollment('new_thread');
  await service.publishStepDue([stepDue({ enrollmentId })]);
  await service.waitForOutcome(enrollmentId, 'sent');
  await service.publishStepDue([stepDue({ enrollmentId, stepId: 'step_2', subject: 'Another idea' })]);
  await service.waitForOutcome(enrollmentId, 'sent', { stepId: 'step_2' });

  const followUp = service.sentEmail(`<${enrollmentId}.step_2.1@acme.example>`);
  expect(followUp?.subject).toBe('Another idea');
  expect(followUp?.headers).not.toHaveProperty('in-reply-to');
});

test('a refused login publishes failed/auth and auth_lost once; the next successful send publishes auth_restored', async () => {
  const locked = {
    identityId: uniqueEnrollment('identity'),
    address: 'rita@locked.example',
    displayName: SENDER.displayName,
  };
  service.sink.refuseLogins(/@locked\.example$/);
  const [first, second, third] = ['lost_1', 'lost_2', 'restored'].map(uniqueEnrollment);

  await service.publishStepDue([stepDue({ enrollmentId: first, sender: locked })]);
  const [failed] = await service.waitForOutcome(first, 'failed');
  expect(failed.payload).toMatchObject({ error: { type: 'auth' } });
  await service.publishStepDue([stepDue({ enrollmentId: second, sender: locked })]);
  await service.waitForOutcome(second, 'failed');

  service.sink.refuseLogins(null);
  await service.publishStepDue([stepDue({ enrollmentId: third, sender: locked })]);
  await service.waitForOutcome(third, 'sent');

  const health = () =>
    service.identityHealth.messages.filter(
      (m) => (m.envelope.payload as { identityId: string }).identityId === locked.identityId,
    );
  await waitFor('auth_lost and auth_restored', () => health().length >= 2);
  // Published in order on the identity's partition: a second auth_lost would sit before auth_restored.
  expect(health().map((m) => m.envelope.payload)).toEqual([
    expect.objectContaining({ channel: 'email', state: 'auth_lost' }),
    expect.objectContaining({ channel: 'email', state: 'auth_restored' }),
  ]);
  expect(health()[0].key).toBe(locked.identityId);
});
