import { Kafka, Partitioners, logLevel, type Producer } from 'kafkajs';
import { Topics, type Envelope } from '@stepwise/contracts';
import { ServiceProcess, TopicTap, dropSchemas, ensureTestDatabase, uniqueName } from '@stepwise/testing';

export const API_KEY = 'acme-key-0123456789abcdef';
export const OTHER_API_KEY = 'globex-key-0123456789abcdef';

/** The enrollment service as its own process, on a fresh schema and topic prefix, with a tap on what it publishes. */
export class EnrollmentHarness {
  readonly prefix = `${uniqueName('t')}.`;
  readonly schema = uniqueName('enrollment');
  /** Consumer groups of this run only: a group shared with another run would rebalance with it. */
  private readonly groupPrefix = uniqueName('g');
  tap!: TopicTap;
  private service!: ServiceProcess;
  private dispatcher?: ServiceProcess;
  private readonly dispatcherSchema = uniqueName('dispatcher');
  private producer!: Producer;
  private databaseUrl!: string;
  private channelEmail?: ServiceProcess;
  private readonly channelEmailSchema = uniqueName('channel_email');

  /** `env`: the service's variables of a test's own (e.g. IDENTITY_SECRET_KEYS). */
  constructor(private readonly env: Record<string, string> = {}) {}

  async start(port: number): Promise<this> {
    this.databaseUrl = await ensureTestDatabase();
    this.service = await new ServiceProcess({
      name: `enrollment-${this.schema}`,
      entry: 'apps/enrollment/src/main.ts',
      port,
      env: {
        DATABASE_URL: this.databaseUrl,
        DATABASE_SCHEMA: this.schema,
        KAFKA_TOPIC_PREFIX: this.prefix,
        KAFKA_GROUP_PREFIX: this.groupPrefix,
        STEPWISE_API_KEYS: `acme:${API_KEY},globex:${OTHER_API_KEY}`,
        LOG_LEVEL: 'warn',
        ...this.env,
      },
    }).start();
    this.tap = await new TopicTap([
      this.prefix + Topics.timerCommands,
      this.prefix + Topics.enrollmentEvents,
      this.prefix + Topics.enrollmentHalts,
    ]).start();
    const kafka = new Kafka({ clientId: 'enrollment-test', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
    return this;
  }

  /** The real dispatcher on the same topics, for what its send windows and limits make of enrollment's timers. */
  async startDispatcher(port: number): Promise<void> {
    this.dispatcher = await new ServiceProcess({
      name: `dispatcher-${this.dispatcherSchema}`,
      entry: 'apps/dispatcher/src/main.ts',
      port,
      env: {
        DATABASE_URL: this.databaseUrl,
        DATABASE_SCHEMA: this.dispatcherSchema,
        KAFKA_TOPIC_PREFIX: this.prefix,
        KAFKA_GROUP_PREFIX: this.groupPrefix,
        LOG_LEVEL: 'warn',
      },
    }).start();
  }

  /** The real channel-email on the same topics: identity connections, verify, sends. */
  async startChannelEmail(port: number, env: Record<string, string>): Promise<void> {
    this.channelEmail = await new ServiceProcess({
      name: `channel-email-${this.channelEmailSchema}`,
      entry: 'apps/channel-email/src/main.ts',
      port,
      env: {
        DATABASE_URL: this.databaseUrl,
        DATABASE_SCHEMA: this.channelEmailSchema,
        KAFKA_TOPIC_PREFIX: this.prefix,
        KAFKA_GROUP_PREFIX: this.groupPrefix,
        TRACKING_SECRET: 'test-tracking-secret-of-at-least-32-chars',
        INBOUND_SMTP_PORT: '0',
        LOG_LEVEL: 'warn',
        ...env,
      },
    }).start();
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
    await this.tap?.stop();
    await this.service?.stop();
    await this.dispatcher?.stop();
    await this.channelEmail?.stop();
    if (this.databaseUrl)
      await dropSchemas(this.databaseUrl, [this.schema, this.dispatcherSchema, this.channelEmailSchema]);
  }

  async publish(topic: string, envelopes: Envelope[]): Promise<void> {
    await this.producer.send({
      topic: this.prefix + topic,
      messages: envelopes.map((e) => ({ key: e.key, value: JSON.stringify(e) })),
    });
  }

  async publishRaw(topic: string, value: string, key = 'raw'): Promise<void> {
    await this.producer.send({ topic: this.prefix + topic, messages: [{ key, value }] });
  }

  async api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    apiKey = API_KEY,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.service.url}${path}`, {
      method,
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
