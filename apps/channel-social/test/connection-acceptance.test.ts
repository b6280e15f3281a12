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
  await service.publishStepDue([socialDue({ enrollmentId, stepId: 'step_1' })]);
  await outcome(enrollmentId, 'invited', 'step_1');
  await service.publishStepDue([
    socialDue({ enrollmentId, stepId: 'step_2', stepType: 'linkedin_message', body: 'Thanks, {{ firstName }}!' }),
  ]);
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
