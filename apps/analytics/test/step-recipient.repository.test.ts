import { join } from 'node:path';
import fc from 'fast-check';
import type { Pool } from 'pg';
import { createPool, inTransaction, runMigrations } from '@stepwise/database';
import { dropSchemas, ensureTestDatabase, uniqueName } from '@stepwise/testing';
import {
  flagBits,
  isNewer,
  newestRows,
  RECIPIENT_FLAGS,
  type RecipientFlag,
  type RecipientStepRow,
} from '../src/ingestion/recipient-step-row';
import { StepRecipientRepository } from '../src/ingestion/step-recipient.repository';
import { columnName, STEP_COUNTERS } from '../src/step-counters';

// Each row must hold the facts of the newest event about it, and the counters must always equal a
// recount of the rows, whatever the batching, the redeliveries and the concurrency.
const schema = uniqueName('analytics_repo');
const repository = new StepRecipientRepository();
let pool: Pool;
let url: string;

beforeAll(async () => {
  url = await ensureTestDatabase();
  pool = createPool({ connectionString: url, applicationName: 'analytics-repository-test', schema, max: 4 });
  await runMigrations(pool, { schema, migrationsDir: join(__dirname, '..', 'prisma', 'migrations') });
});

afterAll(async () => {
  await pool.end();
  await dropSchemas(url, [schema]);
});

const STEPS = ['s1', 's2'];
const ENROLLMENTS = ['e1', 'e2', 'e3'];

const factArbitrary = fc.record({
  stepId: fc.constantFrom(...STEPS),
  enrollmentId: fc.constantFrom(...ENROLLMENTS),
  flags: fc.subarray([...RECIPIENT_FLAGS], { maxLength: 4 }),
  second: fc.nat(59),
});

/** Events cut into batches; the two halves of the batch list are applied by two concurrent writers. */
const scenarioArbitrary = fc.array(fc.array(factArbitrary, { minLength: 1, maxLength: 6 }), {
  minLength: 1,
  maxLength: 6,
});

const bits = (...flags: RecipientFlag[]) => flagBits(Object.fromEntries(flags.map((flag) => [flag, true])));

async function applyBatches(batches: RecipientStepRow[][]): Promise<void> {
  for (const batch of batches) {
    await inTransaction(pool, (client) => repository.apply(client, newestRows(batch)));
  }
}

test("rows hold the newest event's facts and counters equal a recount, under any batching and concurrency", async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(scenarioArbitrary, async (scenario) => {
      const sequenceId = `seq-${++run}`;
      let offset = 0n;
      const batches = scenario.map((batch) =>
        batch.map(({ stepId, enrollmentId, flags, second }) => ({
          sequenceId,
          stepId,
          enrollmentId,
          flags: bits(...flags),
          version: { occurredAt: new Date(Date.UTC(2026, 10, 25, 9, 0, second)), offset: ++offset },
        })),
      );
      const half = Math.ceil(batches.length / 2);
      await Promise.all([applyBatches(batches.slice(0, half)), applyBatches(batches.slice(half))]);
      // Everything once more, as a redelivery after a crash would: nothing may change.
      await applyBatches(batches);

      expect(await storedFlags(sequenceId)).toEqual(expectedFlags(batches.flat()));
      expect(await counters(sequenceId)).toEqual(await recount(sequenceId));
    }),
    { numRuns: 60 },
  );
});

test('a recipient that halted while queued leaves Recipients Attempted; one attempted there stays (issue 15, defect 5)', async () => {
  const sequenceId = uniqueName('seq');
  let offset = 0n;
  const row = (enrollmentId: string, ...flags: RecipientFlag[]) => ({
    sequenceId,
    stepId: 'sms_2',
    enrollmentId,
    flags: bits(...flags),
    version: { occurredAt: new Date('2026-11-25T09:00:00Z'), offset: ++offset },
  });
  await applyBatches([[row('queued', 'reached'), row('sent', 'reached'), row('stays', 'reached')]]);
  await applyBatches([
    [row('sent', 'reached', 'attempted', 'sent', 'delivered')],
    [row('queued', 'reached', 'halted'), row('sent', 'reached', 'attempted', 'sent', 'delivered', 'halted')],
  ]);
  const { rows } = await pool.query('SELECT recipients, delivered FROM step_metric WHERE sequence_id = $1', [
    sequenceId,
  ]);
  expect(rows).toEqual([{ recipients: 2, delivered: 1 }]);
});

test('a task moving from pending to overdue to completed moves its counters from one to the next', async () => {
  const sequenceId = uniqueName('seq');
  let offset = 0n;
  const row = (...flags: RecipientFlag[]) => ({
    sequenceId,
    stepId: 'task',
    enrollmentId: 'e1',
    flags: bits(...flags),
    version: { occurredAt: new Date('2026-11-25T09:00:00Z'), offset: ++offset },
  });
  const read = async () =>
    (await pool.query('SELECT pending, overdue, completed FROM step_metric WHERE sequence_id = $1', [sequenceId])).rows;
  await applyBatches([[row('reached', 'attempted', 'pending')]]);
  expect(await read()).toEqual([{ pending: 1, overdue: 0, completed: 0 }]);
  await applyBatches([[row('reached', 'attempted', 'overdue')]]);
  expect(await read()).toEqual([{ pending: 0, overdue: 1, completed: 0 }]);
  await applyBatches([[row('reached', 'attempted', 'completed')]]);
  expect(await read()).toEqual([{ pending: 0, overdue: 0, completed: 1 }]);
});

function key(stepId: string, enrollmentId: string): string {
  return `${stepId}/${enrollmentId}`;
}

function expectedFlags(rows: readonly RecipientStepRow[]): Record<string, number> {
  const newest = new Map<string, RecipientStepRow>();
  for (const row of rows) {
    const seen = newest.get(key(row.stepId, row.enrollmentId));
    if (!seen || isNewer(row.version, seen.version)) newest.set(key(row.stepId, row.enrollmentId), row);
  }
  return Object.fromEntries([...newest].map(([rowKey, row]) => [rowKey, row.flags]));
}

async function storedFlags(sequenceId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<Record<string, unknown>>('SELECT * FROM step_recipient WHERE sequence_id = $1', [
    sequenceId,
  ]);
  return Object.fromEntries(
    rows.map((row) => [
      key(row.step_id as string, row.enrollment_id as string),
      bits(...RECIPIENT_FLAGS.filter((flag) => row[columnName(flag)] === true)),
    ]),
  );
}

async function counters(sequenceId: string): Promise<unknown[]> {
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT step_id, ${STEP_COUNTERS.map(columnName).join(', ')}
     FROM step_metric WHERE sequence_id = $1 ORDER BY step_id`,
    [sequenceId],
  );
  return withoutZeros(rows);
}

/** A step whose rows all stopped counting has a counter row of zeros, or none at all: the same. */
function withoutZeros(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.filter((row) => Object.entries(row).some(([name, value]) => name !== 'step_id' && value !== 0));
}

async function recount(sequenceId: string): Promise<unknown[]> {
  const counted = STEP_COUNTERS.filter((name) => name !== 'recipients');
  const { rows } = await pool.query(
    `SELECT step_id, (count(*) FILTER (WHERE attempted OR (reached AND NOT halted)))::int AS recipients,
            ${counted.map((name) => `(count(*) FILTER (WHERE ${columnName(name)}))::int AS ${columnName(name)}`).join(', ')}
     FROM step_recipient WHERE sequence_id = $1 GROUP BY step_id ORDER BY step_id`,
    [sequenceId],
  );
  return withoutZeros(rows);
}
