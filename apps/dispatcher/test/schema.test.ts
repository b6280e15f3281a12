import type { Pool } from 'pg';
import { createPool, runMigrations } from '@stepwise/database';
import { dropSchemas, ensureTestDatabase, migrationDrift } from '@stepwise/testing';
import { MIGRATIONS_DIR, uniqueSchema } from './support';

test('schema.prisma matches the migrated tables', async () => {
  expect(await migrationDrift('dispatcher')).toEqual([]);
});

describe('the migrated tables', () => {
  const schema = uniqueSchema('schema');
  let url: string;
  let pool: Pool;

  beforeAll(async () => {
    url = await ensureTestDatabase();
    pool = createPool({ connectionString: url, applicationName: 'dispatcher-schema-test', max: 1 });
    await runMigrations(pool, { schema, migrationsDir: MIGRATIONS_DIR });
  });

  afterAll(async () => {
    await pool.end();
    await dropSchemas(url, [schema]);
  });

  test('the hot tables carry their own autovacuum thresholds', async () => {
    const { rows } = await pool.query<{ relname: string; reloptions: string[] }>(
      `SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname IN ('timer', 'timer_tombstone') ORDER BY c.relname`,
      [schema],
    );
    expect(rows.map((r) => r.relname)).toEqual(['timer', 'timer_tombstone']);
    for (const row of rows) {
      expect(row.reloptions).toEqual(
        expect.arrayContaining([expect.stringMatching(/^autovacuum_vacuum_scale_factor=0\.0\d$/)]),
      );
    }
  });
});
