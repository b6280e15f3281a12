import { startSmtpSink, type SmtpSink } from '@stepwise/smtp-sink';
import { startSocialSimulator, type SocialSimulator } from '@stepwise/social-simulator';
import { startTwilioFake, type TwilioFake } from '@stepwise/twilio-fake';
import { StepwiseSystem } from '../stepwise-system';

export interface OutreachSystemOptions {
  databaseUrl: string;
  basePort: number;
  /** Names this run's topics, consumer groups and schemas, so runs never see each other. */
  run: string;
  tenantId: string;
  apiKey: string;
  logDir: string;
  partitions?: number;
  /** Defaults to the services' own default (KAFKA_BROKERS or the local broker). */
  kafkaBrokers?: string;
  /** Each service writes a CPU profile under `<dir>/<service>/` as it stops (a benchmark's profile). */
  cpuProfileDir?: string;
}

const TWILIO = { accountSid: `AC${'b'.repeat(32)}`, authToken: 'outreach-twilio-token' };
const SOCIAL_TOKEN = 'outreach-social-token';

/** The six services and the provider stand-ins they send to, wired together for one run. */
export class OutreachSystem {
  private constructor(
    readonly services: StepwiseSystem,
    readonly sink: SmtpSink,
    readonly twilio: TwilioFake,
    private readonly social: SocialSimulator,
    readonly topicPrefix: string,
  ) {}

  static async start(options: OutreachSystemOptions, onStarted?: (name: string) => void): Promise<OutreachSystem> {
    const sink = await startSmtpSink({ smtpPort: 0, httpPort: 0 });
    const twilio = await startTwilioFake({ port: 0, ...TWILIO });
    const social = await startSocialSimulator({ port: 0, token: SOCIAL_TOKEN });
    const topicPrefix = `outreach.${options.run}.`;
    const services = new StepwiseSystem({
      basePort: options.basePort,
      databaseUrl: options.databaseUrl,
      schemaSuffix: `_${options.run}`,
      logDir: options.logDir,
      cpuProfileDir: options.cpuProfileDir,
      env: {
        ...(options.kafkaBrokers ? { KAFKA_BROKERS: options.kafkaBrokers } : {}),
        KAFKA_TOPIC_PREFIX: topicPrefix,
        KAFKA_GROUP_PREFIX: `outreach-${options.run}`,
        KAFKA_TOPIC_PARTITIONS: String(options.partitions ?? 8),
        STEPWISE_API_KEYS: `${options.tenantId}:${options.apiKey}`,
        LOG_LEVEL: 'warn',
        SMTP_PORT: String(sink.smtpPort),
        INBOUND_SMTP_PORT: '0',
        TRACKING_SECRET: 'outreach-tracking-secret-0123456789abcdef',
        TWILIO_ACCOUNT_SID: TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: TWILIO.authToken,
        TWILIO_API_BASE_URL: twilio.url,
        SMS_WEBHOOK_BASE_URL: `http://127.0.0.1:${options.basePort + 3}`,
        SOCIAL_PROVIDER_URL: social.url,
        SOCIAL_PROVIDER_TOKEN: SOCIAL_TOKEN,
      },
    });
    const system = new OutreachSystem(services, sink, twilio, social, topicPrefix);
    try {
      await services.start(onStarted);
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  async stop(): Promise<void> {
    await this.services.stop();
    await Promise.all([this.sink.close(), this.twilio.close(), this.social.close()]);
  }
}
