import { randomUUID } from 'node:crypto';
import { defineMessage, type Envelope } from '@stepwise/contracts';
import type { Consumer, Kafka } from 'kafkajs';
import pino from 'pino';
import { z } from 'zod';
import { createKafka, ensureTopics } from '../src';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
export const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

/** Unique per test run and per call, so runs never share topics or consumer groups. */
const RUN = `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
let counter = 0;
export function unique(prefix: string): string {
  return `test.kafka.${prefix}.${RUN}.${++counter}`;
}

export function testKafka(): Kafka {
  return createKafka({ brokers: BROKERS, clientId: unique('client'), logger });
}

export const countedSchema = defineMessage('test.counted', 1, z.object({ seq: z.number().int(), count: z.number() }));
export type Counted = z.infer<typeof countedSchema>;

export function counted(key: string, seq: number, extra: Partial<Counted['payload']> = {}): Envelope {
  return {
    eventId: randomUUID(),
    type: 'test.counted',
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: 'tenant-test',
    key,
    payload: { seq, count: 1, ...extra },
  };
}

export async function createTopics(kafka: Kafka, ...specs: { topic: string; partitions: number }[]): Promise<void> {
  await ensureTopics(kafka, specs);
}

export async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads `count` messages from a topic with a throw-away group (for checking the dead-letter topic). */
export async function readMessages(
  kafka: Kafka,
  topic: string,
  count: number,
  settleMs = 300,
): Promise<{ key: string | null; value: string; headers: Record<string, string> }[]> {
  const consumer: Consumer = kafka.consumer({ groupId: unique('reader'), maxWaitTimeInMs: 200 });
  const seen: { key: string | null; value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      seen.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
    },
  });
  try {
    await waitFor(`${count} messages on ${topic}`, () => seen.length >= count);
    // A little longer, so a test notices messages beyond the expected ones.
    await delay(settleMs);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** Committed offset per partition for a group ('-1' when nothing was committed). */
export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<Record<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((entry?.partitions ?? []).map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}
