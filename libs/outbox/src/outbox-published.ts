import type { Pool } from 'pg';

export interface OutboxPublishedOptions {
  timeoutMs: number;
  pollMs?: number;
  /** Wakes the relay, so it does not finish an idle wait first. */
  nudge?: () => void;
}

/**
 * Resolves true once every outbox row committed before the call is on the broker, false when
 * `timeoutMs` ran out first. The relay deletes rows in the transaction that publishes them and
 * commits only after the broker acknowledged, so "no row at or below the highest id seen now" is
 * "published". For a caller that must answer only once its messages are out (a stop is on the
 * halt feed before the API says it is stopped).
 */
export async function waitForOutboxPublished(pool: Pool, options: OutboxPublishedOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const { rows } = await pool.query<{ last: string | null }>(`SELECT max(id)::text AS last FROM outbox`);
  const last = rows[0]?.last;
  if (last === null || last === undefined) return true;
  for (;;) {
    options.nudge?.();
    const { rows: pending } = await pool.query(`SELECT 1 FROM outbox WHERE id <= $1 LIMIT 1`, [last]);
    if (pending.length === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 5));
  }
}
