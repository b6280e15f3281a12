import type { TwilioFake } from '@stepwise/twilio-fake';
import { closedPortUrl, uniqueEnrollment, type ChannelServiceHarness } from '@stepwise/testing';
import { smsDue, startSmsService } from './sms-support';

let service: ChannelServiceHarness;
let twilio: TwilioFake;

beforeAll(async () => ({ service, twilio } = await startSmsService({ twilioBaseUrl: await closedPortUrl() })));
afterAll(async () => {
  await service?.stop();
  await twilio?.close();
});

test('Twilio unreachable: the step fails as provider_down after the retries, saying nothing was sent', async () => {
  const enrollmentId = uniqueEnrollment('twilio_down');
  await service.publishStepDue([smsDue({ enrollmentId })]);

  const outcome = await service.outcomeOf(enrollmentId);

  expect(outcome.payload).toMatchObject({
    outcome: 'failed',
    error: {
      type: 'provider_down',
      message: expect.stringMatching(/Twilio: unreachable \(ECONNREFUSED\), 3 attempts\. Nothing was sent\./),
    },
  });
});
