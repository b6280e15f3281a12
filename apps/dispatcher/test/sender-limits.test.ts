import fc from 'fast-check';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import type { Envelope, SenderLimits, SendWindow } from '@stepwise/contracts';
import { createPool, runMigrations } from '@stepwise/database';
import type { OutgoingRecord } from '@stepwise/kafka';
import { dropSchemas, ensureTestDatabase } from '@stepwise/testing';
import { DispatcherMetrics } from '../src/timers/dispatcher-metrics';
import { FireDueTimers } from '../src/timers/fire-due-timers';
import { SendGate } from '../src/timers/send-gate';
import { applyTimerWrites } from '../src/timers/timer.repository';
import type { TimerSchedule } from '../src/timers/collapse-timer-commands';
import { delay, logger, MIGRATIONS_DIR, sendStep, smsDelivery, uniqueSchema } from './support';

const schema = uniqueSchema('limits');
let url: string;
let pool: Pool;

beforeAll(async () => {
  url = await ensureTestDatabase();
  pool = createPool({ connectionString: url, applicationName: 'dispatcher-limits-test', schema, max: 4 });
  await runMigrations(pool, { schema, migrationsDir: MIGRATIONS_DIR });
});

afterAll(async () => {
  await pool.end();
  await dropSchemas(url, [schema]);
});

/** Keeps what a dispatcher published; a short random pause holds its locks while the other claims. */
class RecordingProducer {
  readonly messages: Envelope[] = [];

  async publishRecords(records: readonly OutgoingRecord[]): Promise<void> {
    await delay(Math.floor(Math.random() * 4));
    this.messages.push(...records.map((record) => JSON.parse(String(record.value)) as Envelope));
  }
}

function dispatcher(producer: RecordingProducer, batchSize: number, clock?: () => Date): FireDueTimers {
  return new FireDueTimers({
    pool,
    producer,
    topicName: (topic) => topic,
    metrics: new DispatcherMetrics(new Registry()),
    logger,
    batchSize,
    gate: new SendGate({ spreadMs: 0, random: Math.random }),
    clock,
  });
}

async function drain(fire: FireDueTimers): Promise<void> {
  while ((await fire.fireBatch()) > 0);
}

interface Gating {
  window?: SendWindow;
  limits?: SenderLimits;
}

function schedule(timerId: string, dueAt: Date, { window, limits }: Gating): TimerSchedule {
  const delivery = smsDelivery();
  const sender = { ...delivery.sender, identityId: limits?.identityId ?? delivery.sender.identityId };
  const action = { ...sendStep(timerId, { ...delivery, sender }), window, limits };
  return { timerId, version: 1, tenantId: 'tenant_test', key: timerId, dueAt: dueAt.toISOString(), action };
}

function ofType(messages: Envelope[], type: string): Envelope[] {
  return messages.filter((m) => m.type === type);
}

test('a send deferred outside its window fires at the opening, in local time after the DST change', async () => {
  let now = new Date('2026-03-29T18:00:00.000Z'); // Sunday evening in Berlin, first day of summer time
  const producer = new RecordingProducer();
  const fire = dispatcher(producer, 100, () => now);
  const window: SendWindow = { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
  await applyTimerWrites(pool, { schedules: [schedule('dst_window', now, { window })], cancels: [] });

  await drain(fire);
  expect(ofType(producer.messages, 'step.due')).toEqual([]);
  expect(ofType(producer.messages, 'timer.deferred')).toEqual([
    expect.objectContaining({ payload: expect.objectContaining({ until: '2026-03-30T07:00:00.000Z' }) }),
  ]);

  now = new Date('2026-03-30T06:59:59.000Z');
  await drain(fire);
  expect(ofType(producer.messages, 'step.due')).toEqual([]);
  now = new Date('2026-03-30T07:00:00.000Z');
  await drain(fire);
  expect(ofType(producer.messages, 'step.due')).toEqual([
    expect.objectContaining({ payload: expect.objectContaining({ timerId: 'dst_window', timerVersion: 1 }) }),
  ]);
});

let round = 0;

test('two claim loops keep every identity’s daily cap and spacing exactly, never more, never less', async () => {
  const identity = fc.record({
    cap: fc.integer({ min: 0, max: 4 }),
    spaced: fc.boolean(),
    timers: fc.integer({ min: 0, max: 12 }),
  });
  const scenario = fc.record({
    identities: fc.array(identity, { minLength: 1, maxLength: 3 }),
    batchSizes: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })),
  });
  await fc.assert(
    fc.asyncProperty(scenario, async ({ identities, batchSizes }) => {
      const run = `r${++round}`;
      const dueAt = new Date(Date.now() - 1000);
      const schedules = identities.flatMap(({ cap, spaced, timers }, i) =>
        Array.from({ length: timers }, (_, t) =>
          schedule(`${run}_i${i}_t${t}`, dueAt, {
            limits: { identityId: `${run}_id${i}`, dailyCap: cap, minSpacingSeconds: spaced ? 3600 : undefined },
          }),
        ),
      );
      // Interleave identities, as due timers of many senders are.
      schedules.sort(() => Math.random() - 0.5);
      await applyTimerWrites(pool, { schedules, cancels: [] });

      const first = new RecordingProducer();
      const second = new RecordingProducer();
      await Promise.all([drain(dispatcher(first, batchSizes[0])), drain(dispatcher(second, batchSizes[1]))]);

      const published = [...first.messages, ...second.messages];
      identities.forEach(({ cap, spaced, timers }, i) => {
        // An hour's spacing lets one send through per identity in one drain.
        const sends = Math.min(cap, timers, spaced ? 1 : Infinity);
        const mine = (m: Envelope) => String((m.payload as { timerId: string }).timerId).startsWith(`${run}_i${i}_`);
        expect(ofType(published, 'step.due').filter(mine)).toHaveLength(sends);
        expect(ofType(published, 'timer.deferred').filter(mine)).toHaveLength(timers - sends);
      });
    }),
    { numRuns: 25 },
  );
});
