import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import {
  createEnvelope,
  timerCancelledSchema,
  timerScheduledSchema,
  type Envelope,
  type StepDelivery,
  type TimerAction,
} from '@stepwise/contracts';
import { createKafka } from '@stepwise/kafka';
import type { TappedMessage, TopicTap } from '@stepwise/testing';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const MIGRATIONS_DIR = join(__dirname, '..', 'prisma', 'migrations');
// kafkajs warns about every fresh topic's leader election; failures still show at error.
export const logger = pino({ level: process.env.LOG_LEVEL ?? 'error' });

/** Unique per test file run: schemas, topic prefixes and consumer groups never collide with other runs. */
export const RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export function uniqueSchema(label: string): string {
  return `t_dispatcher_${label}_${RUN}`;
}

export function topicPrefix(label: string): string {
  return `test.dispatcher.${label}.${RUN}.`;
}

export function testKafka(): Kafka {
  return createKafka({ brokers: BROKERS, clientId: `dispatcher-test-${RUN}`, logger });
}

/** Removes what a run left on the broker: its topics and its (by then empty) consumer groups. */
export async function cleanUpKafka(kafka: Kafka, topicPrefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.includes(RUN));
    if (groups.length > 0) await admin.deleteGroups(groups);
  } finally {
    await admin.disconnect();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What the dispatcher published for one timer: step.due and timer.fired both carry its id. */
export function firedFor(tap: TopicTap, timerId: string): TappedMessage[] {
  return tap.messages.filter((m) => (m.envelope.payload as { timerId?: string }).timerId === timerId);
}

/** Like firedFor, for every timer whose id starts with `label`. */
export function firedIdsWithPrefix(tap: TopicTap, label: string): string[] {
  return tap.messages
    .map((m) => String((m.envelope.payload as { timerId?: string }).timerId))
    .filter((id) => id.startsWith(label));
}

const sender = { identityId: 'identity_1', address: 'recruiter@example.com' };

export function emailDelivery(): StepDelivery {
  return {
    channel: 'email',
    stepType: 'automated_email',
    sender,
    to: 'candidate@example.com',
    variables: { firstName: 'Ada' },
    subject: 'A role you might like',
    body: 'Hi {{firstName}}',
    sameThreadAsPrevious: false,
  };
}

export function smsDelivery(): StepDelivery {
  return {
    channel: 'sms',
    stepType: 'sms',
    sender: { identityId: 'identity_2', address: '+15550100' },
    to: '+15550199',
    variables: {},
    body: 'Hi',
  };
}

export function socialDelivery(): StepDelivery {
  return {
    channel: 'social',
    stepType: 'linkedin_connection_request',
    sender: { identityId: 'identity_3', address: 'acct_1' },
    to: 'https://linkedin.example/in/ada',
    variables: {},
    body: 'Hi',
  };
}

export type SendStepAction = Extract<TimerAction, { kind: 'send_step' }>;

export function sendStep(enrollmentId: string, delivery: StepDelivery, attempt = 1): SendStepAction {
  return { kind: 'send_step', step: { enrollmentId, sequenceId: 'seq_1', stepId: 'step_1', attempt }, delivery };
}

export function notify(enrollmentId: string): TimerAction {
  return { kind: 'notify', reason: 'task_overdue', enrollmentId, stepId: 'task_1' };
}

export function scheduled(timerId: string, version: number, dueAt: Date, action: TimerAction, key = timerId): Envelope {
  return createEnvelope(timerScheduledSchema, {
    tenantId: 'tenant_test',
    key,
    payload: { timerId, version, dueAt: dueAt.toISOString(), action },
  });
}

export function cancelled(timerId: string, version: number, key = timerId): Envelope {
  return createEnvelope(timerCancelledSchema, { tenantId: 'tenant_test', key, payload: { timerId, version } });
}

export function inSeconds(seconds: number): Date {
  return new Date(Date.now() + seconds * 1000);
}
