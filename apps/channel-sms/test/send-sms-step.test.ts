import type { TwilioFake } from '@stepwise/twilio-fake';
import { waitFor } from '@stepwise/testing';
import type { ChannelServiceHarness } from '@stepwise/testing';
import { TENANT, uniqueEnrollment } from '@stepwise/testing';
import { SENDER, smsDue, startSmsService } from './sms-support';

let service: ChannelServiceHarness;
let twilio: TwilioFake;

beforeAll(async () => ({ service, twilio } = await startSmsService()));
afterAll(async () => {
  await service?.stop();
  await twilio?.close();
});

/** Messages Twilio received for one enrollment; bodies carry the enrollment id to tell them apart. */
const textsTo = (enrollmentId: string) => twilio.messages().filter((m) => m.body.includes(enrollmentId));
const outcomeKinds = (enrollmentId: string) => service.outcomesFor(enrollmentId).map((o) => o.payload.outcome);
const drain = (enrollmentId: string) =>
  service.drainPartitionOf(enrollmentId, smsDue({ enrollmentId, stepId: 'marker', body: 'marker' }));

test('a step-due sends exactly one SMS through Twilio and publishes sent with the message SID', async () => {
  const enrollmentId = uniqueEnrollment('one');
  await service.publishStepDue([smsDue({ enrollmentId, body: `Hi {{ firstName }} (${enrollmentId})` })]);

  const outcome = await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  const texts = textsTo(enrollmentId);
  expect(texts).toEqual([
    expect.objectContaining({ from: SENDER.address, to: '+14155552671', body: `Hi Zoë (${enrollmentId})` }),
  ]);
  expect(outcomeKinds(enrollmentId)).toEqual(['sent']);
  expect(outcome).toMatchObject({
    type: 'step.outcome',
    tenantId: TENANT,
    key: enrollmentId,
    payload: {
      channel: 'sms',
      outcome: 'sent',
      providerMessageId: texts[0]?.sid,
      step: { enrollmentId, stepId: 'step_1', attempt: 1 },
    },
  });
});

test('the same step-due twice in one batch sends one SMS and publishes one outcome', async () => {
  const enrollmentId = uniqueEnrollment('twice');
  const command = smsDue({ enrollmentId, body: `Hello (${enrollmentId})` });
  await service.publishStepDue([command, command]);

  await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  expect(textsTo(enrollmentId)).toHaveLength(1);
  expect(outcomeKinds(enrollmentId)).toEqual(['sent']);
});

test('a step-due redelivered after its SMS was sent sends nothing and republishes nothing', async () => {
  const enrollmentId = uniqueEnrollment('redelivered');
  const command = smsDue({ enrollmentId, body: `Hello (${enrollmentId})` });
  await service.publishStepDue([command]);
  await service.outcomeOf(enrollmentId);

  await service.publishStepDue([command]);
  await drain(enrollmentId);

  expect(textsTo(enrollmentId)).toHaveLength(1);
  expect(outcomeKinds(enrollmentId)).toEqual(['sent']);
});

test('a number that is not E.164 never reaches Twilio and fails as invalid_address naming the field', async () => {
  const enrollmentId = uniqueEnrollment('bad_number');
  await service.publishStepDue([smsDue({ enrollmentId, to: '415-555-2671', body: `Hello (${enrollmentId})` })]);

  const outcome = await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  expect(twilio.requests().filter((request) => request.to === '415-555-2671')).toEqual([]);
  expect(outcome.payload).toMatchObject({
    outcome: 'failed',
    error: { type: 'invalid_address', message: expect.stringContaining('delivery.to') },
  });
  expect(outcome.payload.error?.suggestedFix).toContain('+14155552671');
});

test('a variable missing without a fallback is not sent and fails as content naming the variable', async () => {
  const enrollmentId = uniqueEnrollment('missing_var');
  await service.publishStepDue([
    smsDue({ enrollmentId, body: `Hi {{ firstName }} at {{ company }} (${enrollmentId})` }),
  ]);

  const outcome = await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  expect(textsTo(enrollmentId)).toEqual([]);
  expect(outcome.payload).toMatchObject({
    outcome: 'failed',
    error: { type: 'content', message: expect.stringContaining('"company"') },
  });
});

test('an attempt left "sending" by a crash is not sent again but reported as of unknown delivery state', async () => {
  const enrollmentId = uniqueEnrollment('crashed');
  // What a process killed between its claim and Twilio's answer leaves behind.
  await service.query(
    `INSERT INTO send_log (enrollment_id, step_id, attempt, sequence_id, tenant_id, identity_id, status, claimed_at)
     VALUES ($1, 'step_1', 1, 'seq_1', $2, $3, 'sending', now() - interval '1 hour')`,
    [enrollmentId, TENANT, SENDER.identityId],
  );
  await service.publishStepDue([smsDue({ enrollmentId, body: `Hello (${enrollmentId})` })]);

  const outcome = await service.outcomeOf(enrollmentId);
  await drain(enrollmentId);

  expect(textsTo(enrollmentId)).toEqual([]);
  expect(outcomeKinds(enrollmentId)).toEqual(['failed']);
  expect(outcome.payload.error).toMatchObject({
    type: 'unknown_delivery_state',
    suggestedFix: expect.stringContaining("Twilio's Messaging Logs"),
  });
});

test('a step-due for another channel is dead-lettered with the reason and nothing is sent', async () => {
  const enrollmentId = uniqueEnrollment('email');
  const command = smsDue({ enrollmentId });
  const emailCommand = {
    ...command,
    payload: {
      ...command.payload,
      delivery: {
        channel: 'email',
        stepType: 'automated_email',
        sender: SENDER,
        to: 'ada@example.com',
        variables: {},
        subject: `Hello (${enrollmentId})`,
        body: `Hello (${enrollmentId})`,
        sameThreadAsPrevious: false,
      },
    },
  };
  await service.publishStepDue([emailCommand as typeof command]);

  const letter = await waitFor('the dead letter', () =>
    service.deadLetters.messages.find((m) => m.key === enrollmentId),
  );
  expect((letter.envelope as unknown as { reason: string }).reason).toContain('channel must be "sms"');
  await drain(enrollmentId);
  expect(service.outcomesFor(enrollmentId)).toEqual([]);
  expect(textsTo(enrollmentId)).toEqual([]);
});
