import 'reflect-metadata';
import { createServer } from 'node:net';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import {
  createEnvelope,
  enrollmentHaltSchema,
  isHaltingStatus,
  stepDueSchema,
  Topics,
  type RecipientStatus,
  type StepDelivery,
  type StepDue,
  type StepNotice,
  type StepOutcome,
} from '@stepwise/contracts';
import { dropSchemas, ensureTestDatabase, testDatabaseUrl } from './database';
import { uniqueName } from './names';
import { TopicTap, type TappedMessage } from './topic-tap';
import { waitFor } from './wait-for';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const TENANT = 'tenant_test';

export interface ChannelHarnessOptions {
  /** e.g. 'channel_sms': prefixes the run's schema, topics and groups. */
  name: string;
  /** The service name its consumer groups carry, e.g. 'channel-sms'. */
  serviceName: string;
  appModule: Type;
  stepDueTopic: string;
  outcomesTopic: string;
  deadLetterTopic: string;
  /** The service's own variables (provider endpoint and credentials); read when it starts. */
  env: Record<string, string>;
  /** Serve the service's HTTP endpoints (webhooks) on this port of 127.0.0.1; without it there is no HTTP server. */
  httpPort?: number;
}

/**
 * A channel service running in this process against the real broker and Postgres, with its
 * provider stand-in on a real socket. Its schema, topic prefix and consumer groups are unique to
 * the run, so runs and test files never see each other's messages.
 * Shared by the channel services' tests, as the channel kit library shares their send path.
 */
export class ChannelServiceHarness {
  readonly schema: string;
  readonly topicPrefix: string;
  readonly databaseUrl = testDatabaseUrl();
  private readonly groupPrefix: string;
  outcomes!: TopicTap;
  /** step.skipped and step.waiting, which the channel publishes besides its outcomes. */
  notices!: TopicTap;
  deadLetters!: TopicTap;
  private app: INestApplicationContext | undefined;
  private producer: Producer | undefined;
  private readonly kafka = new Kafka({ clientId: 'channel-test', brokers: BROKERS, logLevel: logLevel.NOTHING });

  constructor(protected readonly options: ChannelHarnessOptions) {
    this.schema = uniqueName(`t_${options.name}`);
    this.topicPrefix = `test.${uniqueName(options.name)}.`;
    this.groupPrefix = uniqueName(`${options.name}_test`);
  }

  async start(): Promise<this> {
    await ensureTestDatabase(this.databaseUrl);
    Object.assign(process.env, {
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      KAFKA_TOPIC_PARTITIONS: '2',
      KAFKA_GROUP_PREFIX: this.groupPrefix,
      HTTP_PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      ...this.options.env,
    });
    try {
      // Migrates the schema, creates the run's topics and joins the step-due group. abortOnError
      // off: a failed start must fail the test, not exit the test process.
      const nestOptions = { logger: false as const, abortOnError: false };
      if (this.options.httpPort === undefined) {
        this.app = await NestFactory.createApplicationContext(this.options.appModule, nestOptions);
      } else {
        const app = await NestFactory.create(this.options.appModule, nestOptions);
        this.app = app;
        await app.listen(this.options.httpPort, '127.0.0.1');
      }
      this.outcomes = await new TopicTap([this.topic(this.options.outcomesTopic)], BROKERS).start();
      this.notices = await new TopicTap([this.topic(Topics.stepNotices)], BROKERS).start();
      this.deadLetters = await new TopicTap([this.topic(this.options.deadLetterTopic)], BROKERS).start();
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
      return this;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
    await this.outcomes?.stop();
    await this.notices?.stop();
    await this.deadLetters?.stop();
    await this.app?.close();
    await dropSchemas(this.databaseUrl, [this.schema]);
    await this.deleteTopics();
  }

  /** A provider of the running service (e.g. a server it opened on a port of its choosing). */
  get<T>(token: Type<T>): T {
    if (!this.app) throw new Error('the service is not running');
    return this.app.get(token);
  }

  topic(contractTopic: string): string {
    return `${this.topicPrefix}${contractTopic}`;
  }

  /** Publishes in one request, so commands for one partition arrive in one batch. */
  async publishStepDue(commands: readonly StepDue[]): Promise<void> {
    await (this.producer as Producer).send({
      topic: this.topic(this.options.stepDueTopic),
      messages: commands.map((command) => ({ key: command.key, value: JSON.stringify(command) })),
    });
  }

  /**
   * Publishes the halt feed message enrollment publishes when the enrollment moves to `to` (a
   * halt for a final status or a pause, a lifted halt otherwise), and returns once the channel's
   * halt consumer has committed past it: the halt and the step-due travel on different topics.
   */
  async changeStatus(enrollmentId: string, to: RecipientStatus, occurredAt = new Date(), attempt = 1): Promise<void> {
    const topic = this.topic(Topics.enrollmentHalts);
    const event = createEnvelope(enrollmentHaltSchema, {
      tenantId: TENANT,
      key: enrollmentId,
      occurredAt,
      payload: {
        enrollmentId,
        sequenceId: 'seq_1',
        attempt,
        halt: isHaltingStatus(to) ? { status: to, since: occurredAt.toISOString() } : null,
      },
    });
    const [written] = await (this.producer as Producer).send({
      topic,
      messages: [{ key: event.key, value: JSON.stringify(event) }],
    });
    const { partition, baseOffset } = written as { partition: number; baseOffset?: string };
    const groupId = `${this.groupPrefix}.${this.options.serviceName}.enrollment-halts`;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await waitFor(`the channel to handle ${enrollmentId} becoming ${to}`, async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const committed = offsets?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
        return BigInt(committed) > BigInt(baseOffset ?? 0);
      });
    } finally {
      await admin.disconnect();
    }
  }

  noticesFor(enrollmentId: string, stepId = 'step_1'): StepNotice[] {
    return this.notices.messages
      .map((message: TappedMessage) => message.envelope as StepNotice)
      .filter((notice) => notice.payload.step.enrollmentId === enrollmentId && notice.payload.step.stepId === stepId);
  }

  /** Waits for the first notice (skipped, waiting) of an attempt. */
  async noticeOf(enrollmentId: string, stepId = 'step_1'): Promise<StepNotice> {
    return waitFor(`a notice about ${enrollmentId}/${stepId}`, () => this.noticesFor(enrollmentId, stepId)[0]);
  }

  outcomesFor(enrollmentId: string, stepId = 'step_1'): StepOutcome[] {
    return this.outcomes.messages
      .map((message: TappedMessage) => message.envelope as StepOutcome)
      .filter(
        (outcome) => outcome.payload.step.enrollmentId === enrollmentId && outcome.payload.step.stepId === stepId,
      );
  }

  /** Waits for the first outcome of an attempt. */
  async outcomeOf(enrollmentId: string, stepId = 'step_1'): Promise<StepOutcome> {
    return waitFor(`the outcome of ${enrollmentId}/${stepId}`, () => this.outcomesFor(enrollmentId, stepId)[0]);
  }

  /**
   * Every command for one enrollment goes to one partition, handled in order, so once a later
   * marker step has its outcome, everything published before it was handled: the way to prove that
   * something did NOT happen.
   */
  async drainPartitionOf(enrollmentId: string, marker: StepDue): Promise<void> {
    await this.publishStepDue([marker]);
    const stepId = marker.payload.step.stepId;
    // A halted enrollment's marker is skipped rather than sent: its notice proves the same.
    await waitFor(
      `the marker ${enrollmentId}/${stepId} to be handled`,
      () => this.outcomesFor(enrollmentId, stepId)[0] ?? this.noticesFor(enrollmentId, stepId)[0],
    );
  }

  /** Runs SQL against the service's schema (to stage what a crashed process leaves behind). */
  async query(sql: string, params: unknown[] = []): Promise<void> {
    await this.rows(sql, params);
  }

  async rows<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.databaseUrl, options: `-c search_path=${this.schema}` });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  private async deleteTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(this.topicPrefix));
      if (topics.length > 0) await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
  }
}

export interface StepDueInput {
  enrollmentId: string;
  stepId?: string;
  delivery: StepDelivery;
  /** When the dispatcher fired the step; now by default. */
  firedAt?: Date;
  /** 1 by default. */
  attempt?: number;
}

export function stepDue(input: StepDueInput): StepDue {
  const now = (input.firedAt ?? new Date()).toISOString();
  return createEnvelope(stepDueSchema, {
    tenantId: TENANT,
    key: input.enrollmentId,
    payload: {
      step: {
        enrollmentId: input.enrollmentId,
        sequenceId: 'seq_1',
        stepId: input.stepId ?? 'step_1',
        attempt: input.attempt ?? 1,
      },
      delivery: input.delivery,
      timerId: input.enrollmentId,
      timerVersion: 1,
      dueAt: now,
      firedAt: now,
    },
  });
}

export function uniqueEnrollment(label: string): string {
  return uniqueName(`enr_${label}`);
}

/** A local port nothing listens on: connections are refused at once, as when a provider is down. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
