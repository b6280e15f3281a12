import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { createEnvelope, stepDueSchema, Topics, type StepDue } from '@stepwise/contracts';
import { startSmtpSink, type SmtpSink } from '@stepwise/smtp-sink';
import { ensureTestDatabase, dropSchemas, TopicTap, uniqueName, type TappedMessage } from '@stepwise/testing';
import { AppModule } from '../src/app.module';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const SENDER = { identityId: 'identity_1', address: 'rita@acme.example', displayName: 'Rita Recruiter' };
export const TENANT = 'tenant_test';

/**
 * channel-email running in this process against the real broker, Postgres and an SMTP sink on a
 * real socket. Its schema, topic prefix and consumer groups are unique to the run.
 */
export class EmailServiceHarness {
  readonly schema = uniqueName('t_channel_email');
  readonly topicPrefix = `test.${uniqueName('email')}.`;
  readonly databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/stepwise_test';
  sink!: SmtpSink;
  outcomes!: TopicTap;
  deadLetters!: TopicTap;
  private app!: INestApplicationContext;
  private producer!: Producer;
  private readonly kafka = new Kafka({ clientId: 'channel-email-test', brokers: BROKERS, logLevel: logLevel.NOTHING });

  async start(): Promise<void> {
    await ensureTestDatabase(this.databaseUrl);
    this.sink = await startSmtpSink({ smtpPort: 0, httpPort: 0 });
    Object.assign(process.env, {
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      KAFKA_TOPIC_PARTITIONS: '2',
      KAFKA_GROUP_PREFIX: uniqueName('channel_email_test'),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.sink.smtpPort),
      HTTP_PORT: '0',
      // kafkajs warns about leaderless partitions for a moment after the run's topics are created.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    });
    // Creates the topics, migrates the schema and joins the step-due group.
    this.app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    this.outcomes = await new TopicTap([this.topic(Topics.emailOutcomes)], BROKERS).start();
    this.deadLetters = await new TopicTap([this.topic(Topics.deadLetter)], BROKERS).start();
    this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
    await this.outcomes?.stop();
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
  to?: string;
  subject?: string;
  body?: string;
  variables?: Record<string, string>;
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
        stepType: 'automated_email',
        sender: SENDER,
        to: input.to ?? 'candidate@example.com',
        variables: input.variables ?? { firstName: 'Zoë' },
        subject: input.subject ?? 'A role for you, {{ firstName }}',
        body: input.body ?? 'Hi {{ firstName | "there" }},\nwe are hiring.',
        sameThreadAsPrevious: false,
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
