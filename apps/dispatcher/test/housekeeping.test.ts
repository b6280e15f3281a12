import type { Pool } from 'pg';
import { createPool, runMigrations } from '@stepwise/database';
import { dropSchemas, ensureTestDatabase } from '@stepwise/testing';
import { applyTimerWrites, countDueTimers, pruneTombstones } from '../src/timers/timer.repository';
import { MIGRATIONS_DIR, notify, uniqueSchema } from './support';

const schema = uniqueSchema('housekeeping');
let url: string;
let pool: Pool;

beforeAll(async () => {
  url = await ensureTestDatabase();
  pool = createPool({ connectionString: url, applicationName: 'dispatcher-housekeeping-test', schema, max: 2 });
  await runMigrations(pool, { schema, migrationsDir: MIGRATIONS_DIR });
});

afterAll(async () => {
  await pool.end();
  await dropSchemas(url, [schema]);
});

function schedule(timerId: string, dueAt: Date) {
  return {
    timerId,
    version: 1,
    tenantId: 'tenant_test',
    key: timerId,
    dueAt: dueAt.toISOString(),
    action: notify(timerId),
  };
}

test('the backlog counts timers past due, not those still ahead', async () => {
  const past = new Date(Date.now() - 60_000);
  const ahead = new Date(Date.now() + 3_600_000);
  await applyTimerWrites(pool, {
    schedules: [schedule('due_1', past), schedule('due_2', past), schedule('later', ahead)],
    cancels: [],
  });
  expect(await countDueTimers(pool)).toBe(2);
});

test('past the exact limit the backlog is the planner estimate, not a capped count', async () => {
  await pool.query('DELETE FROM timer');
  const past = new Date(Date.now() - 60_000);
  const ids = Array.from({ length: 400 }, (_, i) => `backlog_${i}`);
  await applyTimerWrites(pool, { schedules: ids.map((id) => schedule(id, past)), cancels: [] });
  await pool.query('ANALYZE timer');

  expect(await countDueTimers(pool, 1000)).toBe(400);
  const estimate = await countDueTimers(pool, 50);
  expect(estimate).toBeGreaterThan(300);
  expect(estimate).toBeLessThan(500);
});

test('pruning drops tombstones older than the retention and keeps the recent ones', async () => {
  await applyTimerWrites(pool, {
    schedules: [],
    cancels: [
      { timerId: 'old', version: 1 },
      { timerId: 'recent', version: 1 },
    ],
  });
  await pool.query(`UPDATE timer_tombstone SET cancelled_at = now() - interval '3 hours' WHERE timer_id = 'old'`);

  expect(await pruneTombstones(pool, 2)).toBe(1);
  const { rows } = await pool.query<{ timer_id: string }>('SELECT timer_id FROM timer_tombstone');
  expect(rows.map((r) => r.timer_id)).toEqual(['recent']);
});
