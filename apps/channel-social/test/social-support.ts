import { Topics, type StepDue } from '@stepwise/contracts';
import { startSocialSimulator, type SocialSimulator } from '@stepwise/social-simulator';
import { AppModule } from '../src/app.module';
import { ChannelServiceHarness, stepDue } from '@stepwise/testing';

export const PROVIDER_TOKEN = 'test-provider-token';
export const SENDER = { identityId: 'identity_linkedin', address: 'acct_recruiter_1' };

/** channel-social in this process, sending through the simulator over a real socket. */
export async function startSocialService(
  options: { providerUrl?: string; env?: Record<string, string> } = {},
): Promise<{ service: ChannelServiceHarness; simulator: SocialSimulator }> {
  const simulator = await startSocialSimulator({ port: 0, token: PROVIDER_TOKEN });
  const service = new ChannelServiceHarness({
    name: 'channel_social',
    serviceName: 'channel-social',
    appModule: AppModule,
    stepDueTopic: Topics.socialStepDue,
    outcomesTopic: Topics.socialOutcomes,
    deadLetterTopic: Topics.deadLetter,
    env: {
      SOCIAL_PROVIDER_URL: options.providerUrl ?? simulator.url,
      SOCIAL_PROVIDER_TOKEN: PROVIDER_TOKEN,
      SOCIAL_STALE_SWEEP_INTERVAL_MS: '200',
      SOCIAL_ACCEPTANCE_POLL_INTERVAL_MS: '100',
      SOCIAL_ACCEPTANCE_RECHECK_AFTER_MS: '0',
      ...options.env,
    },
  });
  // A service that fails to start must not leave the provider stand-in holding the test process open.
  await service.start().catch(async (error: unknown) => {
    await simulator.close();
    throw error;
  });
  return { service, simulator };
}

/** Each test uses its own profile, so the simulator's records tell tests apart. */
export function profileOf(enrollmentId: string): string {
  return `https://www.linkedin.com/in/${enrollmentId}`;
}

export function socialDue(input: {
  enrollmentId: string;
  stepId?: string;
  stepType?: 'linkedin_connection_request' | 'linkedin_message';
  body?: string;
  variables?: Record<string, string>;
  waitForConnection?: boolean;
  firedAt?: Date;
}): StepDue {
  return stepDue({
    enrollmentId: input.enrollmentId,
    stepId: input.stepId,
    firedAt: input.firedAt,
    delivery: {
      channel: 'social',
      stepType: input.stepType ?? 'linkedin_connection_request',
      sender: SENDER,
      to: profileOf(input.enrollmentId),
      variables: input.variables ?? { firstName: 'Zoë' },
      body: input.body ?? 'Hi {{ firstName | "there" }}, I recruit backend engineers; happy to connect?',
      waitForConnection: input.waitForConnection,
    },
  });
}
