import { startSmtpSink, type SmtpSink } from '@stepwise/smtp-sink';
import { startSocialSimulator, type SocialSimulator } from '@stepwise/social-simulator';
import { startTwilioFake, type TwilioFake } from '@stepwise/twilio-fake';
import {
  SERVICES,
  StepwiseSystem,
  dropSchemas,
  ensureTestDatabase,
  uniqueName,
  type ServiceName,
} from '@stepwise/testing';

export const TENANTS = {
  /** Owns the data the bad input aims at. */
  acme: { id: 'acme', key: 'bad-input-acme-key-0123456789' },
  /** A real tenant with its own key that must never see or touch acme's data. */
  globex: { id: 'globex', key: 'bad-input-globex-key-0123456789' },
} as const;

const TWILIO = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'bad-input-twilio-token' };
const SOCIAL_TOKEN = 'bad-input-social-token';

/** Real services on their own topic prefix and schemas, with the real local provider peers. */
export class BadInputSystem {
  readonly run = uniqueName('fuzz');
  readonly topicPrefix = `${this.run}.`;
  readonly groupPrefix = this.run;
  databaseUrl = '';
  system!: StepwiseSystem;
  private peers: { sink?: SmtpSink; twilio?: TwilioFake; social?: SocialSimulator } = {};

  constructor(
    private readonly basePort: number,
    private readonly only: readonly ServiceName[] = SERVICES.map((s) => s.name),
  ) {}

  async start(): Promise<this> {
    this.databaseUrl = await ensureTestDatabase();
    const [sink, twilio, social] = await Promise.all([
      startSmtpSink({ smtpPort: 0, httpPort: 0 }),
      startTwilioFake({ port: 0, ...TWILIO }),
      startSocialSimulator({ port: 0, token: SOCIAL_TOKEN }),
    ]);
    this.peers = { sink, twilio, social };
    this.system = new StepwiseSystem({
      basePort: this.basePort,
      databaseUrl: this.databaseUrl,
      schemaSuffix: `_${this.run}`,
      env: {
        KAFKA_TOPIC_PREFIX: this.topicPrefix,
        KAFKA_GROUP_PREFIX: this.groupPrefix,
        KAFKA_TOPIC_PARTITIONS: '2',
        STEPWISE_API_KEYS: Object.values(TENANTS)
          .map((t) => `${t.id}:${t.key}`)
          .join(','),
        LOG_LEVEL: 'warn',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(sink.smtpPort),
        INBOUND_SMTP_PORT: '0',
        TRACKING_SECRET: 'bad-input-tracking-secret-0123456789',
        TWILIO_ACCOUNT_SID: TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: TWILIO.authToken,
        TWILIO_API_BASE_URL: twilio.url,
        SOCIAL_PROVIDER_URL: social.url,
        SOCIAL_PROVIDER_TOKEN: SOCIAL_TOKEN,
      },
    });
    for (const name of this.only) await this.system.service(name).start();
    return this;
  }

  get schemas(): string[] {
    const names = new Set<string>(this.only);
    return SERVICES.filter((s) => names.has(s.name)).map((s) => `${s.ownsSchema}_${this.run}`);
  }

  schemaOf(name: ServiceName): string {
    return `${SERVICES.find((s) => s.name === name)?.ownsSchema}_${this.run}`;
  }

  url(name: ServiceName): string {
    return this.system.url(name);
  }

  /** Names the services whose readiness probe does not answer 200. */
  async unready(): Promise<string[]> {
    const states = await Promise.all(
      this.only.map(async (name) => {
        const response = await fetch(`${this.url(name)}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? null : `${name} (${response?.status ?? 'no answer'})`;
      }),
    );
    return states.filter((s): s is string => s !== null);
  }

  async stop(): Promise<void> {
    await this.system?.stop();
    await Promise.all([this.peers.sink?.close(), this.peers.twilio?.close(), this.peers.social?.close()]);
    if (this.databaseUrl) await dropSchemas(this.databaseUrl, this.schemas);
  }
}
