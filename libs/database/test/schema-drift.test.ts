import type { Pool } from 'pg';
import { diffPrismaSchemaAgainstDatabase, runMigrations } from '../src';
import {
  DATABASE_URL,
  dropSchemas,
  ensureDatabase,
  FIXTURE_MIGRATIONS,
  FIXTURE_SCHEMA,
  testPool,
  uniqueSchema,
} from './test-database';

let pool: Pool;
const schemas: string[] = [];

/** Migrates a fresh schema from the fixture, applies `drift` to it, and diffs it against the fixture schema. */
async function driftAfter(drift: string): Promise<string[]> {
  const schema = uniqueSchema('drift');
  schemas.push(schema);
  await runMigrations(pool, { schema, migrationsDir: FIXTURE_MIGRATIONS });
  if (drift) await pool.query(`SET search_path TO "${schema}"; ${drift}; RESET search_path`);
  return diffPrismaSchemaAgainstDatabase({ schemaPath: FIXTURE_SCHEMA, connectionString: DATABASE_URL, schema });
}

beforeAll(async () => {
  await ensureDatabase();
  pool = testPool();
});

afterAll(async () => {
  await dropSchemas(pool, schemas);
  await pool.end();
});

test('the migrated fixture is in sync with its schema.prisma (the ledger table is ignored)', async () => {
  expect(await driftAfter('')).toEqual([]);
});

test.each([
  [
    'a table missing from the database',
    'DROP TABLE step',
    [
      'Added tables: step',
      'Changed the `step` table: Added index on columns (sequence_id, position)',
      'Changed the `step` table: Added foreign key on columns (sequence_id)',
    ],
  ],
  ['a table missing from schema.prisma', 'CREATE TABLE stray (id INTEGER PRIMARY KEY)', ['Removed tables: stray']],
  [
    'a column missing from the database',
    'ALTER TABLE step DROP COLUMN delay_hours',
    ['Changed the `step` table: Added column `delay_hours`'],
  ],
  [
    'a column missing from schema.prisma',
    'ALTER TABLE step ADD COLUMN note TEXT',
    ['Changed the `step` table: Removed column `note`'],
  ],
  [
    'a type mismatch',
    'ALTER TABLE step ALTER COLUMN position TYPE BIGINT',
    ['Changed the `step` table: Altered column `position` (type changed)'],
  ],
  [
    'a nullable column that schema.prisma requires',
    'ALTER TABLE sequence ALTER COLUMN name DROP NOT NULL',
    ['Changed the `sequence` table: Altered column `name` (changed from Nullable to Required)'],
  ],
  [
    'a required column that schema.prisma makes optional',
    'ALTER TABLE step ALTER COLUMN delay_hours SET NOT NULL',
    ['Changed the `step` table: Altered column `delay_hours` (changed from Required to Nullable)'],
  ],
  [
    'a missing unique index',
    'DROP INDEX sequence_owner_id_name_key',
    ['Changed the `sequence` table: Added unique index on columns (owner_id, name)'],
  ],
  [
    'a missing index',
    'DROP INDEX step_sequence_id_position_idx',
    ['Changed the `step` table: Added index on columns (sequence_id, position)'],
  ],
  [
    'a missing default',
    'ALTER TABLE sequence ALTER COLUMN created_at DROP DEFAULT',
    ['Changed the `sequence` table: Altered column `created_at` (default changed from `None` to `Some(Now)`)'],
  ],
  [
    'a missing foreign key',
    'ALTER TABLE step DROP CONSTRAINT step_sequence_id_fkey',
    ['Changed the `step` table: Added foreign key on columns (sequence_id)'],
  ],
  [
    'an enum value missing from schema.prisma',
    `ALTER TYPE "StepChannel" ADD VALUE 'TASK'`,
    ['Changed the `StepChannel` enum: Removed variant `TASK`'],
  ],
])('reports %s', async (_case, drift, expected) => {
  expect(await driftAfter(drift)).toEqual(expected);
});

test('objects schema.prisma cannot express (CHECK, partial index, storage settings) are not reported', async () => {
  const drift = [
    'ALTER TABLE step ADD CONSTRAINT step_position_check CHECK (position > 0)',
    "CREATE INDEX step_email_idx ON step (position) WHERE channel = 'EMAIL'",
    'ALTER TABLE step SET (autovacuum_vacuum_scale_factor = 0.01, fillfactor = 80)',
  ].join('; ');
  expect(await driftAfter(drift)).toEqual([]);
});

test('a schema that does not exist is one difference, and the check does not create it', async () => {
  const schema = uniqueSchema('absent');
  schemas.push(schema);

  const diff = await diffPrismaSchemaAgainstDatabase({
    schemaPath: FIXTURE_SCHEMA,
    connectionString: DATABASE_URL,
    schema,
  });

  expect(diff).toEqual([`Schema "${schema}" does not exist in the database`]);
  const { rowCount } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  expect(rowCount).toBe(0);
});

test('an unreachable database is an error, not an empty diff', async () => {
  const unreachable = 'postgresql://postgres@127.0.0.1:1/stepwise_test';
  await expect(
    diffPrismaSchemaAgainstDatabase({ schemaPath: FIXTURE_SCHEMA, connectionString: unreachable, schema: 'public' }),
  ).rejects.toThrow('Schema drift check for "public" failed');
});
