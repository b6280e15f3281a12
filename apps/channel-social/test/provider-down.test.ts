import type { SocialSimulator } from '@stepwise/social-simulator';
import { closedPortUrl, uniqueEnrollment, type ChannelServiceHarness } from '@stepwise/testing';
import { socialDue, startSocialService } from './social-support';

let service: ChannelServiceHarness;
let simulator: SocialSimulator;

beforeAll(async () => ({ service, simulator } = await startSocialService({ providerUrl: await closedPortUrl() })));
afterAll(async () => {
  await service?.stop();
  await simulator?.close();
});

test('provider unreachable: the step fails as provider_down after the retries, saying nothing was sent', async () => {
  const enrollmentId = uniqueEnrollment('provider_down');
  await service.publishStepDue([socialDue({ enrollmentId })]);

  const outcome = await service.outcomeOf(enrollmentId);

  expect(outcome.payload).toMatchObject({
    outcome: 'failed',
    error: {
      type: 'provider_down',
      message: expect.stringMatching(
        /the LinkedIn provider: unreachable \(ECONNREFUSED\), 3 attempts\. Nothing was sent\./,
      ),
    },
  });
});
