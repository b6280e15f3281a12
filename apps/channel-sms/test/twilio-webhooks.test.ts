import { randomInt } from 'node:crypto';
import twilioSdk from 'twilio';
import { Topics, type OutcomeKind, type RecipientSignal, type StepOutcome } from '@stepwise/contracts';
import type { TwilioFake } from '@stepwise/twilio-fake';
import { BROKERS, TENANT, TopicTap, uniqueEnrollment, waitFor, type ChannelServiceHarness } from '@stepwise/testing';
import { AUTH_TOKEN, SENDER, smsDue, startSmsService } from './sms-support';

let service: ChannelServiceHarness;
let twilio: TwilioFake;
let webhookBaseUrl: string;

// Callbacks come 0.4 s apart, leaving room to forge one before Twilio's real one arrives.
beforeAll(async () => ({ service, twilio, webhookBaseUrl } = await startSmsService({ webhooks: { delayMs: 400 } })));
afterAll(async () => {
  await service?.stop();
  await twilio?.close();
});

const inboundUrl = () => `${webhookBaseUrl}/webhooks/twilio/inbound`;
const statusUrl = () => `${webhookBaseUrl}/webhooks/twilio/status`;
/** Inbound SMS are matched by phone number, so each test texts its own candidate; never ending in 0000. */
const uniqueNumber = () => `+1415${randomInt(1_000_000, 9_999_999)}`;
const kinds = (enrollmentId: string, stepId?: string) =>
  service.outcomesFor(enrollmentId, stepId).map((o) => o.payload.outcome);
const outcome = (enrollmentId: string, kind: OutcomeKind, stepId?: string): Promise<StepOutcome> =>
  waitFor(`${kind} for ${enrollmentId}`, () =>
    service.outcomesFor(enrollmentId, stepId).find((o) => o.payload.outcome === kind),
  );

async function sendSms(enrollmentId: string, to: string, stepId = 'step_1'): Promise<string> {
  await service.publishStepDue([smsDue({ enrollmentId, stepId, to, body: `Hi (${enrollmentId})` })]);
  const sent = await outcome(enrollmentId, 'sent', stepId);
  return sent.payload.providerMessageId as string;
}

test('a signed delivered callback publishes delivered once, after sent', async () => {
  const enrollmentId = uniqueEnrollment('delivered');
  const sid = await sendSms(enrollmentId, uniqueNumber());

  await outcome(enrollmentId, 'delivered');
  const callbacks = twilio.webhooks().filter((w) => w.params.MessageSid === sid);
  expect(callbacks.map((c) => [c.params.MessageStatus, c.status])).toEqual([
    ['sent', 204],
    ['delivered', 204],
  ]);
  expect(kinds(enrollmentId)).toEqual(['sent', 'delivered']);
});

test('undelivered to a handset that cannot take SMS becomes failed with the Twilio error code', async () => {
  const enrollmentId = uniqueEnrollment('undelivered');
  await sendSms(enrollmentId, '+14155550000');

  const failed = await outcome(enrollmentId, 'failed');
  expect(failed.payload.error).toMatchObject({ type: 'invalid_address', message: expect.stringContaining('30003') });
  expect(kinds(enrollmentId)).toEqual(['sent', 'failed']);
});

test('an unsigned status callback gets 403 and changes nothing', async () => {
  const enrollmentId = uniqueEnrollment('forged_status');
  await service.publishStepDue([smsDue({ enrollmentId, to: uniqueNumber(), body: `Hi (${enrollmentId})` })]);
  const sid = await waitFor('the message at Twilio', () =>
    twilio.messages().find((m) => m.body.includes(enrollmentId)),
  ).then((m) => m.sid);

  const forged = await fetch(statusUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003' }).toString(),
  });

  expect(forged.status).toBe(403);
  await outcome(enrollmentId, 'delivered');
  expect(kinds(enrollmentId)).toEqual(['sent', 'delivered']);
});

test('an inbound STOP signed with another token gets 403; a signed one becomes unsubscribed', async () => {
  const enrollmentId = uniqueEnrollment('stop');
  const candidate = uniqueNumber();
  await sendSms(enrollmentId, candidate);
  const stop = { url: inboundUrl(), from: candidate, to: SENDER.address, body: 'STOP' };

  const forged = await twilio.sendInbound({ ...stop, signWith: `not-${AUTH_TOKEN}` });
  expect(forged.status).toBe(403);
  const real = await twilio.sendInbound({ ...stop, body: ' Stop. ' });
  expect(real.status).toBe(200);

  await outcome(enrollmentId, 'unsubscribed');
  await outcome(enrollmentId, 'delivered');
  expect(kinds(enrollmentId).filter((k) => k === 'unsubscribed')).toHaveLength(1);
});

test('a STOP from a number no send matches still becomes an unsubscribe signal for that phone', async () => {
  const signals = await new TopicTap([service.topic(Topics.publicRecipientSignals)], BROKERS).start();
  try {
    await sendSms(uniqueEnrollment('known_number'), uniqueNumber());
    const stranger = uniqueNumber();

    const delivery = await twilio.sendInbound({ url: inboundUrl(), from: stranger, to: SENDER.address, body: 'STOP' });
    expect(delivery.status).toBe(200);

    const signal = await waitFor('the unsubscribe signal', () =>
      signals.messages.map((m) => m.envelope as RecipientSignal).find((m) => m.payload.recipient.phone === stranger),
    );
    expect(signal).toMatchObject({
      type: 'recipient.signal',
      tenantId: TENANT,
      key: stranger,
      payload: { recipient: { phone: stranger }, signal: 'unsubscribe' },
    });
  } finally {
    await signals.stop();
  }
});

test('a French ARRÊT is an opt-out too', async () => {
  const enrollmentId = uniqueEnrollment('arret');
  const candidate = uniqueNumber();
  await sendSms(enrollmentId, candidate);

  await twilio.sendInbound({ url: inboundUrl(), from: candidate, to: SENDER.address, body: 'Arrêt' });

  await outcome(enrollmentId, 'unsubscribed');
});

test('any other text is replied, on the latest step sent to that number from that sender', async () => {
  const enrollmentId = uniqueEnrollment('reply');
  const candidate = uniqueNumber();
  await sendSms(enrollmentId, candidate, 'step_1');
  await sendSms(enrollmentId, candidate, 'step_2');

  const delivery = await twilio.sendInbound({
    url: inboundUrl(),
    from: candidate,
    to: SENDER.address,
    body: "Don't stop, I'm interested!",
  });
  expect(delivery.status).toBe(200);

  await outcome(enrollmentId, 'replied', 'step_2');
  expect(kinds(enrollmentId, 'step_1')).not.toContain('replied');
});

test('the same inbound message delivered twice is one reply', async () => {
  const enrollmentId = uniqueEnrollment('reply_twice');
  const candidate = uniqueNumber();
  await sendSms(enrollmentId, candidate);
  const first = await twilio.sendInbound({ url: inboundUrl(), from: candidate, to: SENDER.address, body: 'Yes' });

  await fetch(first.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(AUTH_TOKEN, first.url, first.params),
    },
    body: new URLSearchParams(first.params).toString(),
  });

  await outcome(enrollmentId, 'replied');
  await outcome(enrollmentId, 'delivered');
  expect(kinds(enrollmentId).filter((k) => k === 'replied')).toHaveLength(1);
});
