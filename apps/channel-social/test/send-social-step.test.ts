import type { SocialSimulator } from '@stepwise/social-simulator';
import { TENANT, uniqueEnrollment, type ChannelServiceHarness } from '@stepwise/testing';
import { SENDER, profileOf, socialDue, startSocialService } from './social-support';

let service: ChannelServiceHarness;
let simulator: SocialSimulator;

beforeAll(async () => ({ service, simulator } = await startSocialService()));
afterAll(async () => {
  await service?.stop();
  await simulator?.close();
});

const requestsFor = (enrollmentId: string) =>
  simulator.requests().filter((r) => r.profileUrl === profileOf(enrollmentId));
const outcomeKinds = (enrollmentId: string) => service.outcomesFor(enrollmentId).map((o) => o.payload.outcome);
/** A connection request is always accepted by the simulator: a reliable marker. */
const drain = (enrollmentId: string) =>
  service.drainPartitionOf(enrollmentId, socialDue({ enrollmentId, stepId: 'marker', body: 'marker' }));
const withoutMarker = (enrollmentId: string) => requestsFor(enrollmentId).filter((r) => r.content !== 'marker');

test('a connection request step sends one invitation with the rendered note and publishes invited', async () => {
  const enrollmentId = uniqueEnrollment('invite');
  await service.publishStepDue([socialDue({ enrollmentId, body: 'Hi {{ firstName }}, happy to connect?' })]);

  const outcome = await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  const requests = withoutMarker(enrollmentId);
  expect(requests).toEqual([
    expect.objectContaining({
      kind: 'invitation',
      accountId: SENDER.address,
      content: 'Hi Zoë, happy to connect?',
      status: 201,
    }),
  ]);
  expect(outcomeKinds(enrollmentId)).toEqual(['invited']);
  expect(outcome).toMatchObject({
    tenantId: TENANT,
    key: enrollmentId,
    payload: {
      channel: 'social',
      outcome: 'invited',
      providerMessageId: requests[0]?.id,
      step: { enrollmentId, stepId: 'step_1' },
    },
  });
});

test('the same step-due twice sends one invitation and publishes one outcome', async () => {
  const enrollmentId = uniqueEnrollment('twice');
  const command = socialDue({ enrollmentId });
  await service.publishStepDue([command]);
  await service.outcomeOf(enrollmentId);

  await service.publishStepDue([command]);
  await drain(enrollmentId);

  expect(withoutMarker(enrollmentId)).toHaveLength(1);
  expect(outcomeKinds(enrollmentId)).toEqual(['invited']);
});

test('a message step that must not wait, to a profile that has not accepted, fails at once with the cause', async () => {
  const enrollmentId = uniqueEnrollment('not_connected');
  await service.publishStepDue([
    socialDue({
      enrollmentId,
      stepType: 'linkedin_message',
      body: 'Thanks for connecting!',
      waitForConnection: false,
    }),
  ]);

  const outcome = await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  expect(withoutMarker(enrollmentId)).toEqual([expect.objectContaining({ kind: 'message', status: 409 })]);
  expect(outcome.payload).toMatchObject({
    outcome: 'failed',
    error: {
      message: expect.stringContaining('not a LinkedIn connection'),
      suggestedFix: expect.stringMatching(/wait for the connection to be accepted/i),
    },
  });
});

test('a message to a profile that accepted is sent and published as sent with the message id', async () => {
  const enrollmentId = uniqueEnrollment('connected');
  simulator.accept(SENDER.address, profileOf(enrollmentId));
  await service.publishStepDue([
    socialDue({ enrollmentId, stepType: 'linkedin_message', body: 'Thanks, {{ firstName }}!' }),
  ]);

  const outcome = await service.outcomeOf(enrollmentId);

  const [request] = requestsFor(enrollmentId);
  expect(request).toMatchObject({ kind: 'message', content: 'Thanks, Zoë!', status: 201 });
  expect(outcome.payload).toMatchObject({ outcome: 'sent', providerMessageId: request?.id });
});

test('a note over 300 characters once rendered never reaches the provider and fails as content', async () => {
  const enrollmentId = uniqueEnrollment('long_note');
  await service.publishStepDue([
    socialDue({
      enrollmentId,
      body: `${'x'.repeat(280)}{{ title }}`,
      variables: { title: 'Principal Software Engineer' },
    }),
  ]);

  const outcome = await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  expect(withoutMarker(enrollmentId)).toEqual([]);
  expect(outcome.payload).toMatchObject({
    outcome: 'failed',
    error: { type: 'content', message: expect.stringContaining('307 characters') },
  });
});

test('an attempt left "sending" by a crash is not sent again but reported as of unknown delivery state', async () => {
  const enrollmentId = uniqueEnrollment('crashed');
  await service.query(
    `INSERT INTO send_log (enrollment_id, step_id, attempt, sequence_id, tenant_id, identity_id, status, claimed_at)
     VALUES ($1, 'step_1', 1, 'seq_1', $2, $3, 'sending', now() - interval '1 hour')`,
    [enrollmentId, TENANT, SENDER.identityId],
  );
  await service.publishStepDue([socialDue({ enrollmentId })]);

  const outcome = await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  expect(withoutMarker(enrollmentId)).toEqual([]);
  expect(outcome.payload.error).toMatchObject({ type: 'unknown_delivery_state' });
});
