import { join } from 'node:path';
import fc from 'fast-check';
import type { Pool } from 'pg';
import { createPool, inTransaction, runMigrations } from '@stepwise/database';
import { dropSchemas, ensureTestDatabase, uniqueName } from '@stepwise/testing';
import { foldReachOuts, type ReachOutFact } from '../src/ingestion/reach-out-fact';
import { ReachOutRepository } from '../src/ingestion/reach-out.repository';
import {
  countsIn,
  isActive,
  REACH_OUT_COUNTER_NAMES,
  REACH_OUT_FLAGS,
  reachOutBits,
  type ReachOutCounters,
} from '../src/reach-out-counters';
import { columnName } from '../src/step-counters';

// Campaign stats and the overview read only counters: under any batching, duplicates, arrival order
// and two concurrent writers they must equal a recount from the events, and keep seed 003's invariants.
const schema = uniqueName('analytics_reach');
const repository = new ReachOutRepository();
let pool: Pool;
let url: string;

beforeAll(async () => {
  url = await ensureTestDatabase();
  pool = createPool({ connectionString: url, applicationName: 'analytics-reach-out-test', schema, max: 4 });
  await runMigrations(pool, { schema, migrationsDir: join(__dirname, '..', 'prisma', 'migrations') });
});

afterAll(async () => {
  await pool.end();
  await dropSchemas(url, [schema]);
});

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 1);

type Event =
  | { enrollment: number; stepId: string; day: number }
  | { enrollment: number; flags: (typeof REACH_OUT_FLAGS)[number][] };

/** An event about one of three enrollments: a step reached on one of three days, or some flags. */
const eventArbitrary: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ enrollment: fc.nat(2), stepId: fc.constantFrom('s1', 's2', 's3'), day: fc.nat(2) }),
  fc.record({ enrollment: fc.nat(2), flags: fc.subarray([...REACH_OUT_FLAGS], { minLength: 1, maxLength: 3 }) }),
);

const scenarioArbitrary = fc.array(fc.array(eventArbitrary, { minLength: 1, maxLength: 6 }), {
  minLength: 1,
  maxLength: 6,
});

/** The event's position in the scenario is its partition offset: unique, as on a real partition. */
function reachedAt(event: { day: number }, offset: number): number {
  return START + event.day * DAY + offset * 1000;
}

function factOf(sequenceId: string, event: Event, offset: number): ReachOutFact {
  const base = { enrollmentId: `${sequenceId}-e${event.enrollment}`, tenantId: 'acme', sequenceId };
  if ('stepId' in event) {
    const occurredAt = new Date(reachedAt(event, offset));
    return {
      ...base,
      createdAt: occurredAt,
      flags: 0,
      step: { stepId: event.stepId, occurredAt, offset: BigInt(offset) },
    };
  }
  // Interested only ever comes with a reply (status replied, substatus interested).
  const flags = event.flags.includes('interested') ? [...event.flags, 'replied' as const] : event.flags;
  return { ...base, createdAt: null, flags: reachOutBits(...flags), step: null };
}

async function applyBatches(batches: ReachOutFact[][]): Promise<void> {
  for (const batch of batches) await inTransaction(pool, (client) => repository.apply(client, foldReachOuts(batch)));
}

test('counters equal a recount of the events, and Opens ≤ Reach Outs, Interested ≤ Responses ≤ Reach Outs', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(scenarioArbitrary, async (scenario) => {
      const sequenceId = `seq-${++run}`;
      let offset = 0;
      const numbered = scenario.map((batch) => batch.map((event) => ({ event, offset: offset++ })));
      const batches = numbered.map((batch) => batch.map(({ event, offset }) => factOf(sequenceId, event, offset)));
      const half = Math.ceil(batches.length / 2);
      await Promise.all([applyBatches(batches.slice(0, half)), applyBatches(batches.slice(half))]);
      // Everything once more, as a redelivery after a crash would: nothing may change.
      await applyBatches(batches);

      const expected = groundTruth(numbered.flat());
      const stored = await dailyCounters(sequenceId);
      expect(stored).toEqual(expected.daily);
      expect(await flow(sequenceId)).toEqual(expected.flow);
      for (const counters of Object.values(stored)) {
        expect(counters.opens).toBeLessThanOrEqual(counters.reachOuts);
        expect(counters.interested).toBeLessThanOrEqual(counters.responses);
        expect(counters.responses).toBeLessThanOrEqual(counters.reachOuts);
      }
    }),
    { numRuns: 60 },
  );
});

/** Straight from the events, without the fold or the SQL: per enrollment, then per day of creation. */
function groundTruth(events: readonly { event: Event; offset: number }[]) {
  const enrollments = new Map<
    number,
    { createdAt: number | null; flags: number; step: string | null; stepAt: number }
  >();
  for (const { event, offset } of events) {
    const state = enrollments.get(event.enrollment) ?? { createdAt: null, flags: 0, step: null, stepAt: -1 };
    if ('stepId' in event) {
      const at = reachedAt(event, offset);
      state.createdAt = state.createdAt === null ? at : Math.min(state.createdAt, at);
      if (at > state.stepAt) Object.assign(state, { step: event.stepId, stepAt: at });
    } else {
      state.flags |= factOf('x', event, offset).flags;
    }
    enrollments.set(event.enrollment, state);
  }
  const daily: Record<string, Record<string, number>> = {};
  const flow: Record<string, number> = {};
  for (const { createdAt, flags, step } of enrollments.values()) {
    if (createdAt === null) continue;
    const day = new Date(createdAt).toISOString().slice(0, 10);
    daily[day] ??= Object.fromEntries(REACH_OUT_COUNTER_NAMES.map((name) => [name, 0]));
    for (const name of REACH_OUT_COUNTER_NAMES) if (countsIn(name, flags)) daily[day][name] += 1;
    if (step && isActive(flags)) flow[step] = (flow[step] ?? 0) + 1;
  }
  return { daily, flow };
}

async function dailyCounters(sequenceId: string): Promise<Record<string, ReachOutCounters>> {
  const { rows } = await pool.query<Record<string, number> & { day: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${REACH_OUT_COUNTER_NAMES.map((name) => `${columnName(name)} AS "${name}"`).join(', ')}
     FROM reach_out_daily WHERE sequence_id = $1`,
    [sequenceId],
  );
  return Object.fromEntries(
    rows
      .filter((row) => REACH_OUT_COUNTER_NAMES.some((name) => row[name] !== 0))
      .map(({ day, ...counters }) => [day, counters as ReachOutCounters]),
  );
}

async function flow(sequenceId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ step_id: string; recipients: number }>(
    'SELECT step_id, recipients FROM step_flow WHERE sequence_id = $1 AND recipients <> 0',
    [sequenceId],
  );
  return Object.fromEntries(rows.map((row) => [row.step_id, row.recipients]));
}
