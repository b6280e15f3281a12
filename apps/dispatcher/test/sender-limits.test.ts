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

const HOUR_MS = 3_600_000;
/** A Wednesday, 10:20 in Kolkata, whose clock hours start at :30 UTC. */
const wednesday = new Date('2026-11-25T04:50:00.000Z');
/** Each a new local clock hour; the last a new local day (Thursday) of the same ISO week. */
const phases = [
  { at: wednesday, newDay: false },
  { at: new Date(wednesday.getTime() + HOUR_MS), newDay: false },
  { at: new Date(wednesday.getTime() + 24 * HOUR_MS), newDay: true },
];

interface IdentityCase {
  hourlyCap?: number;
  dailyCap?: number;
  weeklyCap?: number;
  spaced: boolean;
  timers: number;
}

/** The sends each phase may make: every cap counted on from what earlier phases sent. */
function expectedSends({ hourlyCap, dailyCap, weeklyCap, spaced, timers }: IdentityCase): number[] {
  let week = 0;
  let day = 0;
  return phases.map(({ newDay }) => {
    if (newDay) day = 0;
    // An hour's spacing lets one send through per phase, the phases being an hour or more apart.
    const sends = Math.min(
      timers - week,
      hourlyCap ?? Infinity,
      (dailyCap ?? Infinity) - day,
      (weeklyCap ?? Infinity) - week,
      spaced ? 1 : Infinity,
    );
    week += sends;
    day += sends;
    return sends;
  });
}

test('two claim loops keep every identity’s hourly, daily and weekly caps and spacing exactly', async () => {
  const cap = (max: number) => fc.option(fc.integer({ min: 0, max }), { nil: undefined });
  const identity = fc.record({
    hourlyCap: cap(3),
    dailyCap: cap(5),
    weeklyCap: cap(7),
    spaced: fc.boolean(),
    timers: fc.integer({ min: 0, max: 10 }),
  });
  const scenario = fc.record({
    identities: fc.array(identity, { minLength: 1, maxLength: 3 }),
    batchSizes: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })),
  });
  await fc.assert(
    fc.asyncProperty(scenario, async ({ identities, batchSizes }) => {
      const run = `r${++round}`;
      const dueAt = new Date(wednesday.getTime() - 1000);
      const schedules = identities.flatMap(({ hourlyCap, dailyCap, weeklyCap, spaced, timers }, i) =>
        Array.from({ length: timers }, (_, t) =>
          schedule(`${run}_i${i}_t${t}`, dueAt, {
            limits: {
              identityId: `${run}_id${i}`,
              timezone: 'Asia/Kolkata',
              hourlyCap,
              dailyCap,
              weeklyCap,
              minSpacingSeconds: spaced ? 3600 : undefined,
            },
          }),
        ),
      );
      // Interleave identities, as due timers of many senders are.
      schedules.sort(() => Math.random() - 0.5);
      await applyTimerWrites(pool, { schedules, cancels: [] });

      const sentByPhase: Envelope[][] = [];
      for (const { at } of phases) {
        const first = new RecordingProducer();
        const second = new RecordingProducer();
        const clock = () => at;
        await Promise.all([
          drain(dispatcher(first, batchSizes[0], clock)),
          drain(dispatcher(second, batchSizes[1], clock)),
        ]);
        sentByPhase.push([...first.messages, ...second.messages]);
      }

      identities.forEach((identityCase, i) => {
        const mine = (m: Envelope) => String((m.payload as { timerId: string }).timerId).startsWith(`${run}_i${i}_`);
        const sends = sentByPhase.map((published) => ofType(published, 'step.due').filter(mine));
        const expected = expectedSends(identityCase);
        expect(sends.map((phase) => phase.length)).toEqual(expected);
        // Every timer is due in the first phase: what it does not send, it defers.
        const firstPhaseDeferrals = ofType(sentByPhase[0] ?? [], 'timer.deferred').filter(mine);
        expect(firstPhaseDeferrals).toHaveLength(identityCase.timers - (expected[0] ?? 0));
        const sentIds = sends.flat().map((m) => (m.payload as { timerId: string }).timerId);
        expect(new Set(sentIds).size).toBe(sentIds.length);
      });
    }),
    { numRuns: 25 },
  );
});
