import { join } from 'node:path';
import { createPool, runMigrations } from '@stepwise/database';
import { dropSchemas, ensureTestDatabase, migrationDrift, testDatabaseUrl, uniqueName } from '@stepwise/testing';

test('schema.prisma matches the migrated tables', async () => {
  expect(await migrationDrift('channel-email')).toEqual([]);
});

test('the churning tables carry their own autovacuum thresholds', async () => {
  const url = await ensureTestDatabase(testDatabaseUrl());
  const schema = uniqueName('t_channel_email_vacuum');
  const pool = createPool({ connectionString: url, applicationName: 'channel-email-schema-test', max: 1 });
  try {
    await runMigrations(pool, { schema, migrationsDir: join(__dirname, '..', 'prisma', 'migrations') });
    const { rows } = await pool.query<{ relname: string; reloptions: string[] }>(
      `SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname IN ('send_log', 'outbox') ORDER BY c.relname`,
      [schema],
    );
    expect(rows.map((r) => r.relname)).toEqual(['outbox', 'send_log']);
    for (const row of rows) {
      expect(row.reloptions).toEqual(
        expect.arrayContaining([expect.stringMatching(/^autovacuum_vacuum_scale_factor=0\.0\d$/)]),
      );
    }
  } finally {
    await pool.end();
    await dropSchemas(url, [schema]);
  }
});
