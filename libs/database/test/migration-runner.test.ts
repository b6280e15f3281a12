import { appendFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { MigrationChecksumError, runMigrations } from '../src';
import { dropSchemas, ensureDatabase, FIXTURE_MIGRATIONS, testPool, uniqueSchema } from './test-database';

const FIXTURE_NAMES = ['20260101000000_create_sequence', '20260102000000_create_step'];

let pool: Pool;
const schemas: string[] = [];
const tempDirs: string[] = [];

function newSchema(label: string): string {
  const schema = uniqueSchema(label);
  schemas.push(schema);
  return schema;
}

async function tempMigrations(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-migrations-'));
  tempDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function ledger(schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT name FROM "${schema}"._stepwise_migrations ORDER BY applied_at, name`,
  );
  return rows.map((row) => row.name);
}

async function tableExists(qualified: string): Promise<boolean> {
  const { rows } = await pool.query<{ oid: string | null }>('SELECT to_regclass($1)::text AS oid', [qualified]);
  return rows[0]?.oid !== null;
}

beforeAll(async () => {
  await ensureDatabase();
  pool = testPool();
});

afterAll(async () => {
  await dropSchemas(pool, schemas);
  await pool.end();
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

test('applies pending migrations in name order into the given schema, then is a no-op', async () => {
  const schema = newSchema('order');
  const logs: string[] = [];

  const first = await runMigrations(pool, { schema, migrationsDir: FIXTURE_MIGRATIONS, logger: (m) => logs.push(m) });
  const second = await runMigrations(pool, { schema, migrationsDir: FIXTURE_MIGRATIONS });

  expect(first.applied).toEqual(FIXTURE_NAMES);
  expect(second.applied).toEqual([]);
  expect(await ledger(schema)).toEqual(FIXTURE_NAMES);
  expect(await tableExists(`"${schema}".step`)).toBe(true);
  expect(await tableExists('public.step')).toBe(false);
  expect(logs).toEqual(FIXTURE_NAMES.map((name) => `migrations: applied ${name} to schema "${schema}"`));
});

test('refuses to run when an applied migration was edited, naming it, and applies nothing new', async () => {
  const schema = newSchema('checksum');
  const dir = await mkdtemp(join(tmpdir(), 'stepwise-migrations-'));
  tempDirs.push(dir);
  await cp(FIXTURE_MIGRATIONS, dir, { recursive: true });
  await runMigrations(pool, { schema, migrationsDir: dir });

  await appendFile(join(dir, FIXTURE_NAMES[0], 'migration.sql'), '\nALTER TABLE "sequence" ADD COLUMN "late" TEXT;\n');
  await mkdir(join(dir, '20260103000000_more'));
  await writeFile(join(dir, '20260103000000_more', 'migration.sql'), 'CREATE TABLE "more" ("id" INTEGER);');

  const run = runMigrations(pool, { schema, migrationsDir: dir });
  await expect(run).rejects.toBeInstanceOf(MigrationChecksumError);
  await expect(run).rejects.toThrow(
    `Migration "${FIXTURE_NAMES[0]}" in schema "${schema}" was edited after it was applied`,
  );
  expect(await ledger(schema)).toEqual(FIXTURE_NAMES);
  expect(await tableExists(`"${schema}".more`)).toBe(false);
});

test('two runners starting together apply each migration exactly once', async () => {
  const schema = newSchema('concurrent');
  // Non-idempotent DDL: applying any migration twice would fail the run.
  const dir = await tempMigrations({
    '001_slow': 'CREATE TABLE "a" ("id" INTEGER); SELECT pg_sleep(0.5);',
    '002_b': 'CREATE TABLE "b" ("id" INTEGER);',
    '003_c': 'CREATE TABLE "c" ("id" INTEGER);',
  });
  const other = testPool(2);
  const logs: string[] = [];
  try {
    const results = await Promise.all([
      runMigrations(pool, { schema, migrationsDir: dir, logger: (m) => logs.push(m) }),
      runMigrations(other, { schema, migrationsDir: dir, logger: (m) => logs.push(m) }),
    ]);
    const appliedByBoth = results.flatMap((result) => result.applied).sort();
    expect(appliedByBoth).toEqual(['001_slow', '002_b', '003_c']);
    expect(await ledger(schema)).toEqual(['001_slow', '002_b', '003_c']);
    expect(logs).toContain(`migrations: another instance is migrating schema "${schema}", waiting for its lock`);
  } finally {
    await other.end();
  }
});

test('a failing migration is rolled back whole, named in the error, and the pool stays usable', async () => {
  const schema = newSchema('failing');
  const dir = await tempMigrations({
    '001_ok': 'CREATE TABLE "ok" ("id" INTEGER);',
    '002_broken': 'CREATE TABLE "half" ("id" INTEGER); SELECT 1 / 0;',
  });

  await expect(runMigrations(pool, { schema, migrationsDir: dir })).rejects.toThrow(
    `Migration "002_broken" failed on schema "${schema}": division by zero`,
  );
  expect(await ledger(schema)).toEqual(['001_ok']);
  expect(await tableExists(`"${schema}".half`)).toBe(false);
  // The lock died with the failed run's connection: a fixed release migrates at once.
  await writeFile(join(dir, '002_broken', 'migration.sql'), 'CREATE TABLE "half" ("id" INTEGER);');
  expect((await runMigrations(pool, { schema, migrationsDir: dir })).applied).toEqual(['002_broken']);
});

test('a missing migrations folder fails before touching the database', async () => {
  const schema = newSchema('missing');
  await expect(runMigrations(pool, { schema, migrationsDir: join(tmpdir(), 'no-such-dir-stepwise') })).rejects.toThrow(
    'ENOENT',
  );
  const { rowCount } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  expect(rowCount).toBe(0);
});
