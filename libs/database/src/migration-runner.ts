import type { Pool, PoolClient } from 'pg';
import { readMigrationFiles, type MigrationFile } from './migration-files';
import { migrationLockKey } from './migration-lock';
import { planMigrations, type AppliedMigration } from './migration-plan';
import { assertSchemaName, quoteIdent } from './schema-name';

export interface RunMigrationsOptions {
  /** The service's own Postgres schema; created when missing. */
  schema: string;
  /** Prisma's layout: `<migrationsDir>/<timestamp>_<name>/migration.sql`. */
  migrationsDir: string;
  logger?: (msg: string) => void;
}

export interface RunMigrationsResult {
  /** Names applied by this call, in order; empty when the schema was already up to date. */
  applied: string[];
}

export const MIGRATIONS_TABLE = '_stepwise_migrations';

/**
 * Applies pending SQL migrations to one schema. A session-level advisory lock keyed by the schema is held
 * for the whole run, so service instances starting together apply each migration exactly once.
 * Each migration runs in its own transaction with search_path set to the schema, so its SQL stays
 * unqualified. Migrations must not manage transactions themselves (no BEGIN/COMMIT, no CONCURRENTLY).
 */
export async function runMigrations(pool: Pool, options: RunMigrationsOptions): Promise<RunMigrationsResult> {
  const schema = assertSchemaName(options.schema);
  const log = options.logger ?? (() => undefined);
  // Read before locking: a missing folder or unreadable file fails without touching the database.
  const local = await readMigrationFiles(options.migrationsDir);
  const lockKey = migrationLockKey(schema);
  const client = await pool.connect();
  try {
    await acquireLock(client, lockKey, schema, log);
    const result = await migrateLocked(client, schema, local, log);
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey]);
    client.release();
    return result;
  } catch (err) {
    // Destroying the connection ends the session, which drops the advisory lock in every case.
    client.release(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

async function acquireLock(client: PoolClient, lockKey: string, schema: string, log: (msg: string) => void) {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
    lockKey,
  ]);
  if (rows[0]?.locked) return;
  log(`migrations: another instance is migrating schema "${schema}", waiting for its lock`);
  await client.query('SELECT pg_advisory_lock($1::bigint)', [lockKey]);
}

async function migrateLocked(
  client: PoolClient,
  schema: string,
  local: MigrationFile[],
  log: (msg: string) => void,
): Promise<RunMigrationsResult> {
  const table = `${quoteIdent(schema)}.${quoteIdent(MIGRATIONS_TABLE)}`;
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${table} (
       name text PRIMARY KEY,
       checksum text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const { rows } = await client.query<AppliedMigration>(`SELECT name, checksum FROM ${table}`);
  const plan = planMigrations(schema, local, rows);
  if (plan.unknown.length > 0) {
    log(`migrations: schema "${schema}" has migrations unknown to this release: ${plan.unknown.join(', ')}`);
  }
  for (const migration of plan.pending) {
    await applyMigration(client, schema, table, migration);
    log(`migrations: applied ${migration.name} to schema "${schema}"`);
  }
  return { applied: plan.pending.map((migration) => migration.name) };
}

async function applyMigration(client: PoolClient, schema: string, table: string, migration: MigrationFile) {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    await client.query(migration.sql);
    await client.query(`INSERT INTO ${table} (name, checksum) VALUES ($1, $2)`, [migration.name, migration.checksum]);
    await client.query('COMMIT');
  } catch (err) {
    // No ROLLBACK here: runMigrations destroys the connection, which aborts the transaction.
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Migration "${migration.name}" failed on schema "${schema}": ${reason}`, { cause: err });
  }
}
