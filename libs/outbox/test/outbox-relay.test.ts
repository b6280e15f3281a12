import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import pino from 'pino';
import type { Envelope } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { OutboxRelay, appendToOutbox, type OutboxPublisher } from '../src';
import { outboxSchema } from './outbox-table';

let pool: Pool;
let drop: () => Promise<void>;
const published: { topic: string; envelope: Envelope }[] = [];
/** Stands in for Kafka: what the relay hands over is what these tests look at. */
const publisher: OutboxPublisher = {
  publish: async (messages) => {
    published.push(...messages);
  },
};

beforeAll(async () => {
  ({ pool, drop } = await outboxSchema('outbox_relay'));
});

afterAll(() => drop());

/** Counts the relay's polls: each one checks a client out of the pool. */
function countingPool(): { pool: Pool; polls: () => number } {
  let polls = 0;
  const counting = Object.create(pool) as Pool;
  counting.connect = (() => {
    polls += 1;
    return pool.connect();
  }) as Pool['connect'];
  return { pool: counting, polls: () => polls };
}

function relay(over: Pool): OutboxRelay {
  return new OutboxRelay({
    pool: over,
    publisher,
    logger: pino({ level: 'silent' }),
    lockId: Math.floor(Math.random() * 2 ** 31),
    idleDelayMs: 20,
    maxIdleDelayMs: 5_000,
  });
}

test('an idle relay backs off instead of polling every idle delay', async () => {
  const { pool: counted, polls } = countingPool();
  const idle = relay(counted);
  idle.start();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await idle.stop();
  // 20, 40, 80, ... ms between empty polls: about 8 in 2 s, where a fixed 20 ms wait makes ~90.
  expect(polls()).toBeLessThanOrEqual(12);
});

test('a nudge publishes at once, however far the idle wait has backed off', async () => {
  const running = relay(pool);
  running.start();
  try {
    // Long enough for the wait to have grown past several seconds.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const envelope: Envelope = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      tenantId: 'tenant-1',
      key: 'enr_1',
      type: 'enrollment.transitioned',
      version: 1,
      payload: {},
    };
    await inTransaction(pool, (client) => appendToOutbox(client, [{ topic: 'topic.a', envelope }]));
    const nudgedAt = Date.now();
    running.nudge();
    while (!published.some((m) => m.envelope.eventId === envelope.eventId) && Date.now() - nudgedAt < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(Date.now() - nudgedAt).toBeLessThan(1_500);
  } finally {
    await running.stop();
  }
});
