import type { TwilioFake } from '@stepwise/twilio-fake';
import { uniqueEnrollment, waitFor, type ChannelServiceHarness } from '@stepwise/testing';
import { smsDue, startSmsService } from './sms-support';

let service: ChannelServiceHarness;
let twilio: TwilioFake;

// Final callbacks within a millisecond of the send, and no question to Twilio within the test:
// a callback that overtook the settle of its send is only recorded if it was kept.
beforeAll(
  async () =>
    ({ service, twilio } = await startSmsService({
      webhooks: { delayMs: 1 },
      env: { SMS_DELIVERY_CHECK_AFTER_MS: '3600000', SMS_DELIVERY_CHECK_INTERVAL_MS: '200' },
    })),
);
afterAll(async () => {
  await service?.stop();
  await twilio?.close();
});

const kinds = (enrollmentId: string) => service.outcomesFor(enrollmentId).map((o) => o.payload.outcome);

test('a final status that came before its send was settled is applied without asking Twilio', async () => {
  const batch = Array.from({ length: 64 }, (_, i) => ({
    enrollmentId: uniqueEnrollment(`early_${i}`),
    to: i % 8 === 0 ? '+14155550000' : `+1415555${String(2000 + i)}`,
  }));
  await service.publishStepDue(batch.map(({ enrollmentId, to }) => smsDue({ enrollmentId, to })));

  const settled = () => batch.filter(({ enrollmentId }) => kinds(enrollmentId).length >= 2).length;
  await waitFor('a final outcome for every SMS', () => settled() === batch.length, { timeoutMs: 20_000 }).catch(
    () => undefined,
  );

  expect(settled()).toBe(batch.length);
  for (const { enrollmentId, to } of batch) {
    expect(kinds(enrollmentId)).toEqual(['sent', to.endsWith('0000') ? 'failed' : 'delivered']);
  }
});
