import type { SocialSimulator } from '@stepwise/social-simulator';
import { uniqueEnrollment, waitFor, type ChannelServiceHarness } from '@stepwise/testing';
import { SENDER, profileOf, socialDue, startSocialService } from './social-support';

let service: ChannelServiceHarness;
let simulator: SocialSimulator;

// A wait of 1.5 s stands for the days a real step waits; the sweeper looks every 0.2 s.
beforeAll(
  async () => ({ service, simulator } = await startSocialService({ env: { SOCIAL_CONNECTION_WAIT_MS: '1500' } })),
);
afterAll(async () => {
  await service?.stop();
  await simulator?.close();
});

const messagesTo = (enrollmentId: string) =>
  simulator.requests().filter((r) => r.kind === 'message' && r.profileUrl === profileOf(enrollmentId));

test('a message still waiting to connect when its wait runs out fails with that cause, and is never sent', async () => {
  const enrollmentId = uniqueEnrollment('expired');
  const started = Date.now();
  await service.publishStepDue([
    socialDue({ enrollmentId, stepId: 'step_2', stepType: 'linkedin_message', body: 'Hello {{ firstName }}' }),
  ]);
  await service.noticeOf(enrollmentId, 'step_2');

  const failed = await waitFor('the expired wait', () =>
    service.outcomesFor(enrollmentId, 'step_2').find((o) => o.payload.outcome === 'failed'),
  );
  expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  expect(failed.payload.error).toMatchObject({
    type: 'invalid_address',
    message: expect.stringMatching(/wait ran out.*not a LinkedIn connection/),
    suggestedFix: expect.stringContaining('connection'),
  });

  // Accepted too late: the failed attempt is not sent any more.
  simulator.accept(SENDER.address, profileOf(enrollmentId));
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(messagesTo(enrollmentId).map((r) => r.status)).toEqual([409]);
  expect(service.outcomesFor(enrollmentId, 'step_2').map((o) => o.payload.outcome)).toEqual(['failed']);
});
