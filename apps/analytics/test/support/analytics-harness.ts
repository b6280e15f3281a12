import { createServer } from 'node:net';
import { Kafka, Partitioners, logLevel, type Admin, type Producer } from 'kafkajs';
import type { Envelope } from '@stepwise/contracts';
import { ServiceProcess, dropSchemas, ensureTestDatabase, uniqueName, waitFor } from '@stepwise/testing';
import { ANALYTICS_TOPICS } from '../../src/ingestion/analytics-message';

export const TENANT_A = 'acme';
export const TENANT_B = 'globex';
export const API_KEY_A = 'acme-key-0123456789abcdef';
export const API_KEY_B = 'globex-key-0123456789abcdef';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * The analytics service as its own process, on a fresh schema, topic prefix and consumer group:
 * tests produce envelopes to its topics and read the snapshot over HTTP.
 */
export class AnalyticsHarness {
  private readonly groupPrefix = uniqueName('analytics_test');
  private readonly schema = uniqueName('analytics');
  private service!: ServiceProcess;
  private producer!: Producer;
  private admin!: Admin;
  private databaseUrl!: string;

  /** A replica shares the topics of the harness it was made from, with its own schema and group. */
  constructor(private readonly prefix = `${uniqueName('t')}.`) {}

  async start(): Promise<this> {
    this.databaseUrl = await ensureTestDatabase();
    this.service = await new ServiceProcess({
      name: `analytics-${this.schema}`,
      entry: 'apps/analytics/src/main.ts',
      port: await freePort(),
      env: {
        DATABASE_URL: this.databaseUrl,
        DATABASE_SCHEMA: this.schema,
        KAFKA_TOPIC_PREFIX: this.prefix,
        KAFKA_GROUP_PREFIX: this.groupPrefix,
        STEPWISE_API_KEYS: `${TENANT_A}:${API_KEY_A},${TENANT_B}:${API_KEY_B}`,
        LOG_LEVEL: 'warn',
      },
    }).start();
    const kafka = new Kafka({ clientId: 'analytics-test', brokers: BROKERS, logLevel: logLevel.NOTHING });
    this.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    this.admin = kafka.admin();
    await Promise.all([this.producer.connect(), this.admin.connect()]);
    return this;
  }

  /** Another analytics instance reading the same topics from the earliest offset into a fresh schema. */
  replica(): AnalyticsHarness {
    return new AnalyticsHarness(this.prefix);
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    await this.service?.stop();
    if (this.databaseUrl) await dropSchemas(this.databaseUrl, [this.schema]);
  }

  /** Produces envelopes keyed as the services key them, in order, and waits for the broker's ack. */
  async publish(topic: string, envelopes: readonly Envelope[]): Promise<void> {
    await this.producer.send({
      topic: this.prefix + topic,
      messages: envelopes.map((envelope) => ({ key: envelope.key, value: JSON.stringify(envelope) })),
    });
  }

  /**
   * Waits until the service has committed every message produced so far on its topics. It commits a
   * batch only after the batch's transaction committed, so the snapshot then reflects all of them.
   */
  async consumed(): Promise<void> {
    const groupId = `${this.groupPrefix}.analytics.snapshot`;
    await waitFor('analytics to consume every produced message', async () => {
      for (const contractTopic of ANALYTICS_TOPICS) {
        const topic = this.prefix + contractTopic;
        const [ends, [committed]] = await Promise.all([
          this.admin.fetchTopicOffsets(topic),
          this.admin.fetchOffsets({ groupId, topics: [topic] }),
        ]);
        const committedBy = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]));
        const behind = ends.some(
          (end) => BigInt(end.high) > 0n && (committedBy.get(end.partition) ?? -1n) < BigInt(end.high),
        );
        if (behind) return false;
      }
      return true;
    });
  }

  async get<T = unknown>(path: string, apiKey: string | null = API_KEY_A): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.service.url}${path}`, { headers: apiKey ? { 'x-api-key': apiKey } : {} });
    return { status: response.status, body: (await response.json()) as T };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
