import { Topics, type StepDue } from '@stepwise/contracts';
import { startTwilioFake, type TwilioFake, type TwilioFakeOptions } from '@stepwise/twilio-fake';
import { AppModule } from '../src/app.module';
import { ChannelServiceHarness, closedPortUrl, stepDue } from '@stepwise/testing';

export const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const AUTH_TOKEN = 'test-auth-token';
export const SENDER = { identityId: 'identity_sms', address: '+15005550006' };

/**
 * channel-sms in this process, sending through the Twilio fake over a real socket. With
 * `webhooks`, it also serves its HTTP endpoints, where the fake posts signed status callbacks and
 * inbound messages; without, the fake's callbacks find nobody and change nothing.
 */
export async function startSmsService(
  options: {
    twilioBaseUrl?: string;
    webhooks?: TwilioFakeOptions['statusCallbacks'];
    env?: Record<string, string>;
  } = {},
): Promise<{ service: ChannelServiceHarness; twilio: TwilioFake; webhookBaseUrl: string }> {
  const twilio = await startTwilioFake({
    port: 0,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    statusCallbacks: options.webhooks ?? false,
  });
  // A free port picked up front: the public URL Twilio signs must be known when the service starts.
  const webhookBaseUrl = await closedPortUrl();
  const service = new ChannelServiceHarness({
    name: 'channel_sms',
    serviceName: 'channel-sms',
    appModule: AppModule,
    stepDueTopic: Topics.smsStepDue,
    outcomesTopic: Topics.smsOutcomes,
    deadLetterTopic: Topics.deadLetter,
    env: {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: options.twilioBaseUrl ?? twilio.url,
      SMS_STALE_SWEEP_INTERVAL_MS: '200',
      SMS_WEBHOOK_BASE_URL: webhookBaseUrl,
      ...options.env,
    },
    httpPort: options.webhooks ? Number(new URL(webhookBaseUrl).port) : undefined,
  });
  // A service that fails to start must not leave the provider stand-in holding the test process open.
  await service.start().catch(async (error: unknown) => {
    await twilio.close();
    throw error;
  });
  return { service, twilio, webhookBaseUrl };
}

export function smsDue(input: {
  enrollmentId: string;
  stepId?: string;
  to?: string;
  body?: string;
  variables?: Record<string, string>;
  firedAt?: Date;
  attempt?: number;
}): StepDue {
  return stepDue({
    enrollmentId: input.enrollmentId,
    stepId: input.stepId,
    firedAt: input.firedAt,
    attempt: input.attempt,
    delivery: {
      channel: 'sms',
      stepType: 'sms',
      sender: SENDER,
      to: input.to ?? '+14155552671',
      variables: input.variables ?? { firstName: 'Zoë' },
      body: input.body ?? 'Hi {{ firstName | "there" }}, a role for you at ACME. Interested?',
    },
  });
}
