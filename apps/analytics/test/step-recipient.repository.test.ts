import { join } from 'node:path';
import fc from 'fast-check';
import type { Pool } from 'pg';
import { createPool, inTransaction, runMigrations } from '@stepwise/database';
import { dropSchemas, ensureTestDatabase, uniqueName } from '@stepwise/testing';
import { foldFacts, type RecipientStepFact } from '../src/ingestion/recipient-step-fact';
import {
  factFlags,
  joinFlags,
  NO_FLAGS,
  RECIPIENT_FLAGS,
  type RecipientFlag,
  type RecipientStepFlags,
} from '../src/ingestion/recipient-step-flags';
import { StepRecipientRepository } from '../src/ingestion/step-recipient.repository';
import { columnName, STEP_COUNTERS } from '../src/step-counters';

// The SQL upsert must implement the same join as the TypeScript fold, and its counters must always
// equal a recount of the rows, whatever the batching, the duplicates and the concurrency.
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
  flags: fc.subarray([...RECIPIENT_FLAGS], { minLength: 1, maxLength: 2 }),
  second: fc.nat(59),
});

/** Facts cut into batches; the two halves of the batch list are applied by two concurrent writers. */
const scenarioArbitrary = fc.array(fc.array(factArbitrary, { minLength: 1, maxLength: 6 }), {
  minLength: 1,
  maxLength: 6,
});

async function applyBatches(batches: RecipientStepFact[][]): Promise<void> {
  for (const batch of batches) {
    await inTransaction(pool, (client) => repository.apply(client, foldFacts(batch), []));
  }
}

test('rows equal the fold of their facts and counters equal a recount, under any batching and concurrency', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(scenarioArbitrary, async (scenario) => {
      const sequenceId = `seq-${++run}`;
      const batches = scenario.map((batch) =>
        batch.map(({ stepId, enrollmentId, flags, second }) => ({
          sequenceId,
          stepId,
          enrollmentId,
          flags: factFlags(...flags),
          occurredAt: new Date(Date.UTC(2026, 10, 25, 9, 0, second)),
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
  const fact = (enrollmentId: string, ...flags: RecipientFlag[]) => ({
    sequenceId,
    stepId: 'sms_2',
    enrollmentId,
    flags: factFlags(...flags),
    occurredAt: new Date(),
  });
  await applyBatches([[fact('queued', 'reached'), fact('sent', 'reached'), fact('stays', 'reached')]]);
  await applyBatches([
    [fact('sent', 'sent'), fact('sent', 'delivered')],
    [fact('queued', 'halted'), fact('sent', 'halted')],
  ]);
  const { rows } = await pool.query('SELECT recipients, delivered FROM step_metric WHERE sequence_id = $1', [
    sequenceId,
  ]);
  expect(rows).toEqual([{ recipients: 2, delivered: 1 }]);
});

test('phase deltas move the pending and overdue counters in the same statement', async () => {
  const sequenceId = uniqueName('seq');
  await inTransaction(pool, (client) =>
    repository.apply(client, [], [{ sequenceId, stepId: 'task', pending: 2, overdue: 0 }]),
  );
  await inTransaction(pool, (client) =>
    repository.apply(client, [], [{ sequenceId, stepId: 'task', pending: -1, overdue: 1 }]),
  );
  const { rows } = await pool.query('SELECT pending, overdue FROM step_metric WHERE sequence_id = $1', [sequenceId]);
  expect(rows).toEqual([{ pending: 1, overdue: 1 }]);
});

function key(stepId: string, enrollmentId: string): string {
  return `${stepId}/${enrollmentId}`;
}

function expectedFlags(facts: readonly RecipientStepFact[]): Record<string, RecipientStepFlags> {
  const expected: Record<string, RecipientStepFlags> = {};
  for (const fact of facts) {
    const rowKey = key(fact.stepId, fact.enrollmentId);
    expected[rowKey] = joinFlags(expected[rowKey] ?? NO_FLAGS, fact.flags);
  }
  return expected;
}

async function storedFlags(sequenceId: string): Promise<Record<string, RecipientStepFlags>> {
  const { rows } = await pool.query<Record<string, unknown>>('SELECT * FROM step_recipient WHERE sequence_id = $1', [
    sequenceId,
  ]);
  return Object.fromEntries(
    rows.map((row) => [
      key(row.step_id as string, row.enrollment_id as string),
      Object.fromEntries(RECIPIENT_FLAGS.map((flag) => [flag, row[columnName(flag)]])) as RecipientStepFlags,
    ]),
  );
}

async function counters(sequenceId: string): Promise<unknown[]> {
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT step_id, ${STEP_COUNTERS.filter((name) => name !== 'pending' && name !== 'overdue')
      .map(columnName)
      .join(', ')}
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
  const counted = STEP_COUNTERS.filter((name) => name !== 'pending' && name !== 'overdue' && name !== 'recipients');
  const { rows } = await pool.query(
    `SELECT step_id, (count(*) FILTER (WHERE attempted OR (reached AND NOT halted)))::int AS recipients,
            ${counted.map((name) => `(count(*) FILTER (WHERE ${columnName(name)}))::int AS ${columnName(name)}`).join(', ')}
     FROM step_recipient WHERE sequence_id = $1 GROUP BY step_id ORDER BY step_id`,
    [sequenceId],
  );
  return withoutZeros(rows);
}
