import twilioSdk from 'twilio';
import type { TwilioFake } from '@stepwise/twilio-fake';
import { uniqueEnrollment, waitFor, type ChannelServiceHarness } from '@stepwise/testing';
import { AUTH_TOKEN, smsDue, startSmsService } from './sms-support';

let service: ChannelServiceHarness;
let twilio: TwilioFake;

// Twilio reports delivery within milliseconds here, as carriers sometimes do: most final callbacks
// arrive while the rest of their batch is still being sent, before the send is settled.
beforeAll(
  async () =>
    ({ service, twilio } = await startSmsService({
      webhooks: { delayMs: 1 },
      env: { SMS_DELIVERY_CHECK_AFTER_MS: '1000', SMS_DELIVERY_CHECK_INTERVAL_MS: '200' },
    })),
);
afterAll(async () => {
  await service?.stop();
  await twilio?.close();
});

const kinds = (enrollmentId: string) => service.outcomesFor(enrollmentId).map((o) => o.payload.outcome);

test('every final status settles its step once, even when its callback came before the send was settled', async () => {
  const batch = Array.from({ length: 48 }, (_, i) => ({
    enrollmentId: uniqueEnrollment(`quick_${i}`),
    // Every eighth handset cannot take SMS: Twilio reports it undelivered (30003).
    to: i % 8 === 0 ? '+14155550000' : `+1415555${String(1000 + i)}`,
  }));
  await service.publishStepDue(batch.map(({ enrollmentId, to }) => smsDue({ enrollmentId, to })));

  const settled = () => batch.filter(({ enrollmentId }) => kinds(enrollmentId).length >= 2).length;
  await waitFor('a final outcome for every SMS', () => settled() === batch.length, { timeoutMs: 20_000 }).catch(
    () => undefined,
  );

  // Callbacks answered before their send was settled found no message: without asking Twilio, those were lost.
  expect(twilio.webhooks().filter((w) => w.params.MessageStatus !== 'sent')).toHaveLength(batch.length);
  expect(settled()).toBe(batch.length);
  for (const { enrollmentId, to } of batch) {
    expect(kinds(enrollmentId)).toEqual(['sent', to.endsWith('0000') ? 'failed' : 'delivered']);
  }
  const unreachable = batch.filter(({ to }) => to.endsWith('0000')).map(({ enrollmentId }) => enrollmentId);
  const failed = unreachable.flatMap((id) => service.outcomesFor(id)).find((o) => o.payload.outcome === 'failed');
  expect(failed?.payload.error).toMatchObject({ type: 'invalid_address', message: expect.stringContaining('30003') });
});

test('a final status reported again (a late or repeated callback) publishes nothing more', async () => {
  const enrollmentId = uniqueEnrollment('late_callback');
  await service.publishStepDue([smsDue({ enrollmentId, to: '+14155559876' })]);
  const delivered = await waitFor(
    'delivered',
    () => service.outcomesFor(enrollmentId).find((o) => o.payload.outcome === 'delivered'),
    { timeoutMs: 30_000 },
  );
  const sid = delivered.payload.providerMessageId;
  const callback = await waitFor('the delivered callback', () =>
    twilio.webhooks().find((w) => w.params.MessageSid === sid && w.params.MessageStatus === 'delivered'),
  );

  const repeated = await fetch(callback.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(AUTH_TOKEN, callback.url, callback.params),
    },
    body: new URLSearchParams(callback.params).toString(),
  });

  expect(repeated.status).toBe(204);
  // Two more check passes: neither the callback nor a fetch may publish it again.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(kinds(enrollmentId)).toEqual(['sent', 'delivered']);
});
