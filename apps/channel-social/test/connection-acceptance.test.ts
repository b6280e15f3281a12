import { setTimeout as sleep } from 'node:timers/promises';
import type { OutcomeKind, StepOutcome } from '@stepwise/contracts';
import type { SocialSimulator } from '@stepwise/social-simulator';
import { uniqueEnrollment, waitFor, type ChannelServiceHarness } from '@stepwise/testing';
import { SENDER, profileOf, socialDue, startSocialService } from './social-support';

let service: ChannelServiceHarness;
let simulator: SocialSimulator;

beforeAll(async () => ({ service, simulator } = await startSocialService()));
afterAll(async () => {
  await service?.stop();
  await simulator?.close();
});

const kinds = (enrollmentId: string, stepId?: string) =>
  service.outcomesFor(enrollmentId, stepId).map((o) => o.payload.outcome);
const outcome = (enrollmentId: string, kind: OutcomeKind, stepId?: string): Promise<StepOutcome> =>
  waitFor(`${kind} for ${enrollmentId}/${stepId ?? 'step_1'}`, () =>
    service.outcomesFor(enrollmentId, stepId).find((o) => o.payload.outcome === kind),
  );
const messagesTo = (enrollmentId: string) =>
  simulator.requests().filter((r) => r.kind === 'message' && r.profileUrl === profileOf(enrollmentId));

/** A connection request (step_1) the provider took, then a message (step_2) to the same profile. */
async function inviteThenMessage(enrollmentId: string, body: string): Promise<void> {
  await service.publishStepDue([socialDue({ enrollmentId, stepId: 'step_1' })]);
  await outcome(enrollmentId, 'invited', 'step_1');
  await service.publishStepDue([socialDue({ enrollmentId, stepId: 'step_2', stepType: 'linkedin_message', body })]);
}

test('an accepted connection request is detected by polling and published as accepted once', async () => {
  const enrollmentId = uniqueEnrollment('accepted');
  await service.publishStepDue([socialDue({ enrollmentId })]);
  const invited = await outcome(enrollmentId, 'invited');

  simulator.accept(SENDER.address, profileOf(enrollmentId));

  const accepted = await outcome(enrollmentId, 'accepted');
  expect(accepted.payload).toMatchObject({
    channel: 'social',
    step: { enrollmentId, stepId: 'step_1' },
    providerMessageId: invited.payload.providerMessageId,
  });
  await sleep(500); // five more poll rounds, none of which may publish it again
  expect(kinds(enrollmentId)).toEqual(['invited', 'accepted']);
});

test('a message to someone not connected waits, and is sent once the connection request is accepted', async () => {
  const enrollmentId = uniqueEnrollment('waits');
  await inviteThenMessage(enrollmentId, 'Thanks, {{ firstName }}!');
  await waitFor('the refused first try', () => messagesTo(enrollmentId).find((r) => r.status === 409));
  // Published after the message and handled in order on the partition: once it has its outcome,
  // the waiting message would have had one too.
  await service.drainPartitionOf(enrollmentId, socialDue({ enrollmentId, stepId: 'marker', body: 'marker' }));
  expect(kinds(enrollmentId, 'step_2')).toEqual([]);

  simulator.accept(SENDER.address, profileOf(enrollmentId));

  const sent = await outcome(enrollmentId, 'sent', 'step_2');
  expect(messagesTo(enrollmentId).map((r) => [r.status, r.content])).toEqual([
    [409, 'Thanks, Zoë!'],
    [201, 'Thanks, Zoë!'],
  ]);
  expect(sent.payload.providerMessageId).toBe(messagesTo(enrollmentId)[1]?.id);
  expect(kinds(enrollmentId, 'step_2')).toEqual(['sent']);
});

test('a waiting message is announced as waiting to connect, with the end of its wait', async () => {
  const enrollmentId = uniqueEnrollment('announced');
  await service.publishStepDue([
    socialDue({ enrollmentId, stepId: 'step_2', stepType: 'linkedin_message', body: 'Hello {{ firstName }}' }),
  ]);

  const notice = await service.noticeOf(enrollmentId, 'step_2');
  expect(notice).toMatchObject({
    type: 'step.waiting',
    key: enrollmentId,
    payload: { channel: 'social', substatus: 'waiting_to_connect', step: { stepId: 'step_2', attempt: 1 } },
  });
  // The channel's default wait: 14 days from now.
  const waitUntil = Date.parse((notice.payload as { waitUntil: string }).waitUntil);
  expect(waitUntil - Date.now()).toBeGreaterThan(13.9 * 24 * 3_600_000);
  expect(kinds(enrollmentId, 'step_2')).toEqual([]);
});

test('a waiting message is never sent once its enrollment replied, even when the connection is accepted', async () => {
  const enrollmentId = uniqueEnrollment('replied_while_waiting');
  await inviteThenMessage(enrollmentId, 'Hello {{ firstName }}');
  await service.noticeOf(enrollmentId, 'step_2');
  await service.changeStatus(enrollmentId, 'replied');

  simulator.accept(SENDER.address, profileOf(enrollmentId));

  const skipped = await waitFor('the skipped notice', () =>
    service.noticesFor(enrollmentId, 'step_2').find((n) => n.type === 'step.skipped'),
  );
  expect(skipped.payload).toMatchObject({ reason: 'enrollment_halted', enrollmentStatus: 'replied' });
  await sleep(500); // five more poll rounds: the held message stays unsent
  expect(messagesTo(enrollmentId).map((r) => r.status)).toEqual([409]);
  expect(kinds(enrollmentId, 'step_2')).toEqual([]);
});

test('a connection request fired before the enrollment was stopped never reaches the provider', async () => {
  const enrollmentId = uniqueEnrollment('stopped');
  await service.changeStatus(enrollmentId, 'stopped');
  await service.publishStepDue([socialDue({ enrollmentId, firedAt: new Date(Date.now() - 60_000) })]);

  await service.noticeOf(enrollmentId);
  expect(simulator.requests().filter((r) => r.profileUrl === profileOf(enrollmentId))).toEqual([]);
  expect(kinds(enrollmentId)).toEqual([]);
});

test('a message over 8000 characters once rendered fails as content without reaching the provider', async () => {
  const enrollmentId = uniqueEnrollment('too_long');
  simulator.accept(SENDER.address, profileOf(enrollmentId));
  await service.publishStepDue([
    socialDue({
      enrollmentId,
      stepType: 'linkedin_message',
      body: `${'x'.repeat(7980)}{{ title }}`,
      variables: { title: 'Principal Software Engineer' },
    }),
  ]);

  const failed = await outcome(enrollmentId, 'failed');

  expect(failed.payload.error).toMatchObject({ type: 'content', message: expect.stringContaining('8007 characters') });
  expect(messagesTo(enrollmentId)).toEqual([]);
});
