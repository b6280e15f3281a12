import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, type Pool } from 'pg';
import { createPool } from '../src';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/stepwise_test';
export const FIXTURE_DIR = join(__dirname, 'fixtures', 'prisma');
export const FIXTURE_SCHEMA = join(FIXTURE_DIR, 'schema.prisma');
export const FIXTURE_MIGRATIONS = join(FIXTURE_DIR, 'migrations');

/** Creates the test database when missing, connecting to the server's `postgres` database to do so. */
export async function ensureDatabase(url = DATABASE_URL): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    // Another test file may have created it in the meantime.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

/** A schema name no other run or test file uses, so tests can run in parallel and leave nothing behind. */
export function uniqueSchema(label: string): string {
  return `t_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

export function testPool(max = 4): Pool {
  return createPool({ connectionString: DATABASE_URL, applicationName: 'stepwise-database-tests', max });
}

export async function dropSchemas(pool: Pool, schemas: string[]): Promise<void> {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
