import { startSmtpSink, type SmtpSink } from '@stepwise/smtp-sink';
import { startSocialSimulator, type SocialSimulator } from '@stepwise/social-simulator';
import { startTwilioFake, type TwilioFake } from '@stepwise/twilio-fake';
import { StepwiseSystem, dropSchemas, ensureTestDatabase, runWalkingSkeleton, uniqueName } from '@stepwise/testing';

const API_KEY = 'e2e-key-0123456789abcdef';
const TWILIO = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'e2e-twilio-token' };
const SOCIAL_TOKEN = 'e2e-social-token';

describe('walking skeleton: one automated email step through all six services', () => {
  let system: StepwiseSystem;
  let sink: SmtpSink;
  let twilio: TwilioFake;
  let social: SocialSimulator;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await ensureTestDatabase();
    sink = await startSmtpSink({ smtpPort: 0, httpPort: 0 });
    twilio = await startTwilioFake({ port: 0, ...TWILIO });
    social = await startSocialSimulator({ port: 0, token: SOCIAL_TOKEN });
    const run = uniqueName('e2e');
    system = new StepwiseSystem({
      basePort: 3950,
      databaseUrl,
      schemaSuffix: `_${run}`,
      env: {
        KAFKA_TOPIC_PREFIX: `${run}.`,
        KAFKA_GROUP_PREFIX: run,
        STEPWISE_API_KEYS: `acme:${API_KEY}`,
        LOG_LEVEL: 'warn',
        SMTP_HOST: '127.0.0.1',
        TRACKING_SECRET: 'e2e-tracking-secret-0123456789abcdef',
        INBOUND_SMTP_PORT: '0',
        SMTP_PORT: String(sink.smtpPort),
        TWILIO_ACCOUNT_SID: TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: TWILIO.authToken,
        TWILIO_API_BASE_URL: twilio.url,
        SOCIAL_PROVIDER_URL: social.url,
        SOCIAL_PROVIDER_TOKEN: SOCIAL_TOKEN,
      },
    });
    await system.start();
  }, 240_000);

  afterAll(async () => {
    await system?.stop();
    await Promise.all([sink?.close(), twilio?.close(), social?.close()]);
    if (system) await dropSchemas(databaseUrl, system.schemas);
  });

  it('sends three emails over SMTP, completes the recipients and reports Delivery Rate 100%', async () => {
    const result = await runWalkingSkeleton({
      enrollmentUrl: system.url('enrollment'),
      analyticsUrl: system.url('analytics'),
      apiKey: API_KEY,
    });

    expect(result.enrollments.map((e) => e.status)).toEqual(['completed', 'completed', 'completed']);
    const step = result.snapshot.steps[0];
    expect(step.recipientsAttempted).toBe(3);
    expect(step.metrics.deliveryRate).toEqual({ count: 3, percent: 100 });

    const received = sink.messages();
    expect(received.count).toBe(3);
    expect(received.duplicateMessageIds).toBe(0);
    expect(received.messages.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        'A role for you, Candidate 0',
        'A role for you, Candidate 1',
        'A role for you, Candidate 2',
      ]),
    );
  });
});
