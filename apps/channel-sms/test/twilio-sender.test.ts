import type twilio from 'twilio';
import { startTwilioFake, type TwilioFake } from '@stepwise/twilio-fake';
import { SmsSender } from '../src/sms/sms-sender';
import { createTwilioClient } from '../src/sms/twilio-client';
import { providerErrorOf } from '@stepwise/channel-kit';
import { ACCOUNT_SID, AUTH_TOKEN } from './sms-support';

let fake: TwilioFake;

beforeAll(async () => {
  fake = await startTwilioFake({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});
afterAll(() => fake.close());

const senderWith = (authToken = AUTH_TOKEN) =>
  new SmsSender(
    createTwilioClient({ accountSid: ACCOUNT_SID, authToken, baseUrl: fake.url, timeoutMs: 5_000 }),
    'http://127.0.0.1:9/webhooks/twilio/status',
  );

test('the real SDK creates a message on the fake with the form fields Twilio expects, and gets its SID', async () => {
  const result = await senderWith().send({ from: '+15005550006', to: '+14155550100', body: 'Hello Zoë' });

  const created = fake.messages().find((m) => 'providerMessageId' in result && m.sid === result.providerMessageId);
  expect(result).toEqual({ outcome: 'sent', providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
  expect(created).toMatchObject({
    accountSid: ACCOUNT_SID,
    from: '+15005550006',
    to: '+14155550100',
    body: 'Hello Zoë',
    statusCallback: 'http://127.0.0.1:9/webhooks/twilio/status',
  });
});

test("Twilio's 21211 for a malformed To becomes a rejection as invalid_address", async () => {
  const error = await providerErrorOf(senderWith().send({ from: '+15005550006', to: '0415', body: 'Hello' }));

  expect(error.kind).toBe('rejected');
  expect(error.failure?.type).toBe('invalid_address');
  expect(error.failure?.message).toContain('21211');
});

test('a wrong auth token becomes a rejection as auth, not a retry', async () => {
  const error = await providerErrorOf(
    senderWith('wrong-token').send({ from: '+15005550006', to: '+14155550100', body: 'Hi' }),
  );

  expect(error.kind).toBe('rejected');
  expect(error.failure?.type).toBe('auth');
});

test('the fake answers with the JSON shapes the SDK maps (message resource and error)', async () => {
  const client: twilio.Twilio = createTwilioClient({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    baseUrl: fake.url,
    timeoutMs: 5_000,
  });
  const message = await client.messages.create({
    from: '+15005550006',
    to: '+14155550101',
    body: 'Hi',
    statusCallback: 'http://127.0.0.1/cb',
  });
  expect(message).toMatchObject({
    status: 'queued',
    direction: 'outbound-api',
    accountSid: ACCOUNT_SID,
    numSegments: '1',
  });
  expect(fake.messages().find((m) => m.sid === message.sid)?.statusCallback).toBe('http://127.0.0.1/cb');

  const refused = await client.messages
    .create({ from: '+15005550006', to: 'nope', body: 'Hi' })
    .catch((e: unknown) => e);
  expect(refused).toMatchObject({ status: 400, code: 21211, moreInfo: 'https://www.twilio.com/docs/errors/21211' });
});
