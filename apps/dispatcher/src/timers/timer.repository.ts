import type { Pool, PoolClient } from 'pg';
import type { TimerCancel, TimerSchedule, TimerWrites } from './collapse-timer-commands';
import type { Deferral } from './deferral';
import type { TimerAction } from '@stepwise/contracts';
import { ROUTED_CHANNELS, type ClaimedTimer } from './fired-message';

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

/**
 * Stores each timer unless an equal or higher version is stored or tombstoned. The batch goes as
 * one JSON document that Postgres unpacks (jsonb_to_recordset): a jsonb[] parameter made pg
 * escape every action string character by character, the largest cost of scheduling.
 */
async function upsertSchedules(client: Queryable, schedules: TimerSchedule[]): Promise<void> {
  if (schedules.length === 0) return;
  await client.query(
    `INSERT INTO timer (timer_id, version, tenant_id, key, due_at, action)
     SELECT s."timerId", s.version, s."tenantId", s.key, s."dueAt", s.action
     FROM jsonb_to_recordset($1::jsonb)
       AS s("timerId" text, version int, "tenantId" text, key text, "dueAt" timestamptz, action jsonb)
     WHERE NOT EXISTS (
       SELECT 1 FROM timer_tombstone t WHERE t.timer_id = s."timerId" AND t.cancelled_version >= s.version
     )
     ON CONFLICT (timer_id) DO UPDATE
     SET version = EXCLUDED.version, tenant_id = EXCLUDED.tenant_id, key = EXCLUDED.key,
         due_at = EXCLUDED.due_at, action = EXCLUDED.action
     WHERE timer.version < EXCLUDED.version`,
    // TimerSchedule's fields are exactly the record's columns.
    [JSON.stringify(schedules)],
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

/** The claim's columns, read as arrays (no object per row on the path that fires 10k+ a second). */
type ClaimRow = [
  timerId: string,
  version: number,
  tenantId: string,
  key: string,
  dueMs: number,
  gated: boolean,
  route: string | null,
  payload: string | null,
  action: string | null,
];

/**
 * The claim statement ($1 batch size, $2 now, $3 now as ISO 8601 text, $4 the channels with a
 * step-due topic); exported for the benchmark's EXPLAIN ANALYZE.
 *
 * It also maps each stored action to the payload of the message it becomes (step.due for a send,
 * timer.fired for a notify), as JSON text: Postgres reads the jsonb it already holds, so the
 * dispatcher neither parses the action nor serialises the message. The action itself comes back
 * only for gated timers (the gate needs their window and limits) and for unmappable ones (their
 * dead letter keeps it).
 */
export const CLAIM_DUE_TIMERS_SQL =
  // ARRAY(...) makes the delete go straight to each row by its physical address (a TID scan,
  // ~3x faster than by primary key). The address is stable: the rows are locked, so nobody can
  // move them in the meantime. A data-modifying WITH runs whether or not it is read.
  `WITH claimed AS MATERIALIZED (
     SELECT ctid AS row_id, timer_id, version, tenant_id, key, due_at, action,
            action ?| ARRAY['window', 'limits'] AS gated,
            CASE action->>'kind'
              WHEN 'send_step' THEN CASE WHEN action->'delivery'->>'channel' = ANY($4::text[])
                                         THEN action->'delivery'->>'channel' END
              WHEN 'notify' THEN 'notify'
            END AS route
     FROM timer WHERE due_at <= $2 ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED
   ), fired AS (
     DELETE FROM timer WHERE ctid = ANY(ARRAY(SELECT row_id FROM claimed WHERE NOT gated))
   )
   SELECT timer_id, version, tenant_id, key, (extract(epoch FROM due_at) * 1000)::float8, gated, route,
          CASE
            WHEN route = 'notify' THEN
              (jsonb_build_object('timerId', timer_id, 'version', version, 'reason', action->'reason',
                                  'enrollmentId', action->'enrollmentId',
                                  'dueAt', to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                  'firedAt', $3::text)
               || CASE WHEN action ? 'stepId' THEN jsonb_build_object('stepId', action->'stepId')
                       ELSE '{}'::jsonb END)::text
            WHEN route IS NOT NULL THEN
              json_build_object('step', action->'step', 'delivery', action->'delivery',
                                'timerId', timer_id, 'timerVersion', version,
                                'dueAt', to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                'firedAt', $3::text)::text
          END,
          CASE WHEN gated OR route IS NULL THEN action::text END
   FROM claimed ORDER BY due_at`;

/** The claim statement's parameters, in its order. */
export function claimParameters(limit: number, now: Date): unknown[] {
  return [limit, now, now.toISOString(), ROUTED_CHANNELS];
}

/**
 * Claims up to `limit` timers due at `now`, oldest first, inside the caller's transaction:
 * nothing is visible to others until it commits, and a rollback (or a killed process, whose
 * connection Postgres then closes) puts every row back. SKIP LOCKED lets several dispatchers
 * claim side by side, each taking rows the others have not locked, and never waiting.
 *
 * Ungated timers are deleted at once. Gated ones stay locked for the send gate to delete or
 * defer in place: deleting and re-inserting a deferred one would let a cancel that waited on its
 * lock miss the new row and the timer fire anyway.
 */
export async function claimDueTimers(client: Queryable, limit: number, now: Date): Promise<ClaimedTimer[]> {
  const { rows } = await client.query<ClaimRow>({
    text: CLAIM_DUE_TIMERS_SQL,
    values: claimParameters(limit, now),
    rowMode: 'array',
  });
  return rows.map(([timerId, version, tenantId, key, dueMs, gated, route, payload, action]) => ({
    timerId,
    version,
    tenantId,
    key,
    dueAt: new Date(dueMs),
    gated,
    route,
    payload,
    action: action === null ? undefined : (JSON.parse(action) as TimerAction),
  }));
}

/** When the earliest stored timer is due (epoch ms), or null when none is stored: the front of the due_at index. */
export async function nextDueAt(client: Queryable): Promise<number | null> {
  const { rows } = await client.query<{ dueMs: number }>(
    'SELECT (extract(epoch FROM due_at) * 1000)::float8 AS "dueMs" FROM timer ORDER BY due_at LIMIT 1',
  );
  return rows[0]?.dueMs ?? null;
}

/** Removes gated timers the send gate let through (claimed and locked by this transaction). */
export async function deleteClaimedTimers(client: Queryable, timerIds: readonly string[]): Promise<void> {
  if (timerIds.length === 0) return;
  await client.query('DELETE FROM timer WHERE timer_id = ANY($1::text[])', [timerIds]);
}

/** Moves held-back timers to when they may go, in place, keeping their version. */
export async function deferClaimedTimers(client: Queryable, deferrals: readonly Deferral[]): Promise<void> {
  if (deferrals.length === 0) return;
  await client.query(
    `UPDATE timer t SET due_at = d.until
     FROM unnest($1::text[], $2::timestamptz[]) AS d(timer_id, until)
     WHERE t.timer_id = d.timer_id`,
    [deferrals.map((d) => d.timer.timerId), deferrals.map((d) => d.until)],
  );
}

/**
 * Timers past due and not yet fired: the dispatcher's backlog. Counted exactly up to
 * `exactUpTo`, which reads at most that many index entries; beyond it the planner's estimate
 * from the due_at statistics, as counting a backlog of millions every few seconds would itself
 * slow the claims that are trying to drain it.
 */
export async function countDueTimers(pool: Queryable, exactUpTo = 10_000): Promise<number> {
  const { rows } = await pool.query<{ due: string }>(
    'SELECT count(*) AS due FROM (SELECT 1 FROM timer WHERE due_at <= now() LIMIT $1) AS due',
    [exactUpTo],
  );
  const exact = Number(rows[0]?.due ?? 0);
  if (exact < exactUpTo) return exact;
  const plan = await pool.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    'EXPLAIN (FORMAT JSON) SELECT 1 FROM timer WHERE due_at <= now()',
  );
  return Math.max(exactUpTo, plan.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
}

/** Drops tombstones older than the retention; returns how many went. */
export async function pruneTombstones(pool: Pool, retentionHours: number): Promise<number> {
  const result = await pool.query(
    'DELETE FROM timer_tombstone WHERE cancelled_at < now() - make_interval(hours => $1)',
    [retentionHours],
  );
  return result.rowCount ?? 0;
}
