import type { Pool, PoolClient } from 'pg';
import type { TimerCancel, TimerSchedule, TimerWrites } from './collapse-timer-commands';
import type { DueTimer } from './fired-message';

type Queryable = Pick<PoolClient, 'query'>;

/**
 * Applies one collapsed batch, schedules then cancels (with at most one of each per timer, and a
 * schedule only when it outranks the cancel, the order does not change the result). Idempotent,
 * so a redelivered batch changes nothing.
 */
export async function applyTimerWrites(client: Queryable, writes: TimerWrites): Promise<void> {
  await upsertSchedules(client, writes.schedules);
  await applyCancels(client, writes.cancels);
}

/** Stores each timer unless an equal or higher version is stored or tombstoned. */
async function upsertSchedules(client: Queryable, schedules: TimerSchedule[]): Promise<void> {
  if (schedules.length === 0) return;
  await client.query(
    `INSERT INTO timer (timer_id, version, tenant_id, key, due_at, action)
     SELECT s.timer_id, s.version, s.tenant_id, s.key, s.due_at, s.action
     FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])
       AS s(timer_id, version, tenant_id, key, due_at, action)
     WHERE NOT EXISTS (
       SELECT 1 FROM timer_tombstone t WHERE t.timer_id = s.timer_id AND t.cancelled_version >= s.version
     )
     ON CONFLICT (timer_id) DO UPDATE
     SET version = EXCLUDED.version, tenant_id = EXCLUDED.tenant_id, key = EXCLUDED.key,
         due_at = EXCLUDED.due_at, action = EXCLUDED.action
     WHERE timer.version < EXCLUDED.version`,
    [
      schedules.map((s) => s.timerId),
      schedules.map((s) => s.version),
      schedules.map((s) => s.tenantId),
      schedules.map((s) => s.key),
      schedules.map((s) => s.dueAt),
      schedules.map((s) => JSON.stringify(s.action)),
    ],
  );
}

/** Deletes timers the cancels outrank and records the tombstones that block stale schedules. */
async function applyCancels(client: Queryable, cancels: TimerCancel[]): Promise<void> {
  if (cancels.length === 0) return;
  await client.query(
    `WITH cancel AS (
       SELECT * FROM unnest($1::text[], $2::int[]) AS c(timer_id, version)
     ), deleted AS (
       DELETE FROM timer t USING cancel c WHERE t.timer_id = c.timer_id AND t.version <= c.version
     )
     INSERT INTO timer_tombstone (timer_id, cancelled_version)
     SELECT timer_id, version FROM cancel
     ON CONFLICT (timer_id) DO UPDATE
     SET cancelled_version = EXCLUDED.cancelled_version, cancelled_at = now()
     WHERE timer_tombstone.cancelled_version < EXCLUDED.cancelled_version`,
    [cancels.map((c) => c.timerId), cancels.map((c) => c.version)],
  );
}

interface TimerRow {
  timer_id: string;
  version: number;
  tenant_id: string;
  key: string;
  due_at: Date;
  action: DueTimer['action'];
}

/**
 * Claims up to `limit` due timers, oldest first, and deletes them, inside the caller's
 * transaction: nothing is visible to others until it commits, and a rollback (or a killed
 * process, whose connection Postgres then closes) puts every row back. SKIP LOCKED lets several
 * dispatchers claim side by side, each taking rows the others have not locked, and never waiting.
 */
export async function claimDueTimers(client: Queryable, limit: number): Promise<DueTimer[]> {
  const { rows } = await client.query<TimerRow>(
    // ARRAY(...) makes the locking subquery run once, before the delete, which then goes straight
    // to each row by its physical address (a TID scan, ~3x faster than by primary key). The
    // address is stable: the rows are locked, so nobody can move them in the meantime.
    `DELETE FROM timer
     WHERE ctid = ANY(ARRAY(
       SELECT ctid FROM timer WHERE due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED
     ))
     RETURNING timer_id, version, tenant_id, key, due_at, action`,
    [limit],
  );
  // RETURNING comes in physical order; due order keeps a recipient's timers in sequence.
  rows.sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
  return rows.map((row) => ({
    timerId: row.timer_id,
    version: row.version,
    tenantId: row.tenant_id,
    key: row.key,
    dueAt: row.due_at,
    action: row.action,
  }));
}

/** Timers past due and not yet fired: the dispatcher's backlog. Reads only the due_at index range. */
export async function countDueTimers(pool: Queryable): Promise<number> {
  const { rows } = await pool.query<{ due: string }>('SELECT count(*) AS due FROM timer WHERE due_at <= now()');
  return Number(rows[0]?.due ?? 0);
}

/** Drops tombstones older than the retention; returns how many went. */
export async function pruneTombstones(pool: Pool, retentionHours: number): Promise<number> {
  const result = await pool.query(
    'DELETE FROM timer_tombstone WHERE cancelled_at < now() - make_interval(hours => $1)',
    [retentionHours],
  );
  return result.rowCount ?? 0;
}
