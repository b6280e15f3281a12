import 'reflect-metadata';
import { createServer, type AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import { createEnvelope, stepDueSchema, Topics, type StepDue } from '@stepwise/contracts';
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from '@stepwise/smtp-sink';
import { ensureTestDatabase, dropSchemas, TopicTap, uniqueName, waitFor, type TappedMessage } from '@stepwise/testing';
import { AppModule } from '../src/app.module';
import { InboundSmtpServer } from '../src/inbound/inbound-smtp.server';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const SENDER = { identityId: 'identity_1', address: 'rita@acme.example', displayName: 'Rita Recruiter' };
export const TENANT = 'tenant_test';
export const TRACKING_SECRET = 'test-tracking-secret-of-at-least-32-chars';

/**
 * channel-email running in this process against the real broker, Postgres and an SMTP sink on a
 * real socket, serving its tracking routes over HTTP and its inbound SMTP endpoint on free ports.
 * Its schema, topic prefix and consumer groups are unique to the run.
 */
export class EmailServiceHarness {
  readonly schema = uniqueName('t_channel_email');
  readonly topicPrefix = `test.${uniqueName('email')}.`;
  readonly databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/stepwise_test';
  sink!: SmtpSink;
  outcomes!: TopicTap;
  identityHealth!: TopicTap;
  deadLetters!: TopicTap;
  /** Where the tracking routes answer, e.g. http://127.0.0.1:41234 */
  httpBase!: string;
  inboundPort!: number;
  private app!: INestApplication;
  private producer!: Producer;
  private readonly kafka = new Kafka({ clientId: 'channel-email-test', brokers: BROKERS, logLevel: logLevel.NOTHING });

  async start(): Promise<void> {
    await ensureTestDatabase(this.databaseUrl);
    this.sink = await startSmtpSink({ smtpPort: 0, httpPort: 0, keepRaw: true });
    // Tracking URLs are minted from config at start, so the HTTP port is chosen before the app exists.
    const httpPort = await freePort();
    this.httpBase = `http://127.0.0.1:${httpPort}`;
    Object.assign(process.env, {
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      KAFKA_TOPIC_PARTITIONS: '2',
      KAFKA_GROUP_PREFIX: uniqueName('channel_email_test'),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.sink.smtpPort),
      HTTP_PORT: String(httpPort),
      TRACKING_SECRET,
      TRACKING_BASE_URL: this.httpBase,
      INBOUND_SMTP_PORT: '0',
      // kafkajs warns about leaderless partitions for a moment after the run's topics are created.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    });
    // Creates the topics, migrates the schema, joins the step-due group and opens the inbound port.
    this.app = await NestFactory.create(AppModule, { logger: false });
    await this.app.listen(httpPort, '127.0.0.1');
    this.inboundPort = this.app.get(InboundSmtpServer).port;
    this.outcomes = await new TopicTap([this.topic(Topics.emailOutcomes)], BROKERS).start();
    this.identityHealth = await new TopicTap([this.topic(Topics.identityHealth)], BROKERS).start();
    this.deadLetters = await new TopicTap([this.topic(Topics.deadLetter)], BROKERS).start();
    this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
    await this.outcomes?.stop();
    await this.identityHealth?.stop();
    await this.deadLetters?.stop();
    await this.app?.close();
    await this.sink?.close();
    await dropSchemas(this.databaseUrl, [this.schema]);
    await this.deleteTopics();
  }

  topic(contractTopic: string): string {
    return `${this.topicPrefix}${contractTopic}`;
  }

  /** Publishes commands in one request, so commands for one partition arrive in one batch. */
  async publishStepDue(commands: readonly StepDue[]): Promise<void> {
    await this.producer.send({
      topic: this.topic(Topics.emailStepDue),
      messages: commands.map((command) => ({ key: command.key, value: JSON.stringify(command) })),
    });
  }

  /** The email the sink received for this Message-ID, raw message included. */
  sentEmail(messageId: string): ReceivedMessage & { raw: string } {
    const email = this.sink.messages().messages.find((m) => m.messageId === messageId);
    if (email?.raw === undefined) throw new Error(`the sink received no email ${messageId}`);
    return { ...email, raw: email.raw };
  }

  /** Waits for the `count`-th outcome of this kind for the attempt and returns them all. */
  waitForOutcome(enrollmentId: string, kind: string, { stepId = 'step_1', count = 1 } = {}): Promise<TappedMessage[]> {
    return waitFor(`${count} ${kind} outcome(s) of ${enrollmentId}/${stepId}`, () => {
      const found = this.outcomesFor(enrollmentId, stepId).filter(
        (m) => (m.envelope.payload as { outcome: string }).outcome === kind,
      );
      return found.length >= count ? found : undefined;
    });
  }

  /** Runs SQL in the service's schema (to set up states a test needs, e.g. an email delivered a minute ago). */
  async sql(text: string, values: unknown[]): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${this.schema}"`);
      await client.query(text, values);
    } finally {
      await client.end();
    }
  }

  /** Delivers a raw message to the inbound SMTP endpoint, as a recipient's mail server would. */
  async deliverInbound(raw: string, to: string, from = 'candidate@example.com'): Promise<void> {
    const transport = createTransport({ host: '127.0.0.1', port: this.inboundPort, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ envelope: { from, to: [to] }, raw });
    } finally {
      transport.close();
    }
  }

  outcomesFor(enrollmentId: string, stepId = 'step_1'): TappedMessage[] {
    return this.outcomes.messages.filter((m) => {
      const step = (m.envelope.payload as { step: { enrollmentId: string; stepId: string } }).step;
      return step.enrollmentId === enrollmentId && step.stepId === stepId;
    });
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
  stepType?: 'automated_email' | 'manual_email' | 'marketing_email';
  sender?: typeof SENDER;
  to?: string;
  subject?: string;
  body?: string;
  variables?: Record<string, string>;
  sameThreadAsPrevious?: boolean;
  openTracking?: boolean;
}

export function stepDue(input: StepDueInput): StepDue {
  const now = new Date().toISOString();
  return createEnvelope(stepDueSchema, {
    tenantId: TENANT,
    key: input.enrollmentId,
    payload: {
      step: { enrollmentId: input.enrollmentId, sequenceId: 'seq_1', stepId: input.stepId ?? 'step_1', attempt: 1 },
      delivery: {
        channel: 'email',
        stepType: input.stepType ?? 'automated_email',
        sender: input.sender ?? SENDER,
        to: input.to ?? 'candidate@example.com',
        variables: input.variables ?? { firstName: 'Zoë' },
        subject: input.subject ?? 'A role for you, {{ firstName }}',
        body: input.body ?? 'Hi {{ firstName | "there" }},\nwe are hiring.',
        sameThreadAsPrevious: input.sameThreadAsPrevious ?? false,
        ...(input.openTracking === undefined ? {} : { openTracking: input.openTracking }),
      },
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

/** A port with nothing listening: bound, then released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The first capture group of `pattern` in `text`; fails the test naming what was missing. */
export function capture(pattern: RegExp, text: string, what: string): string {
  const match = pattern.exec(text);
  if (!match) throw new Error(`no ${what} in: ${text.slice(0, 500)}`);
  return match[1];
}
