import type { PoolClient } from 'pg';
import type { IdentityAllowance } from './sender-allowance';

type Queryable = Pick<PoolClient, 'query'>;

interface AllowanceRow {
  identity_id: string;
  day: string;
  sent: number;
  hour: Date;
  hour_sent: number;
  week: string;
  week_sent: number;
  last_sent_at: Date | null;
}

/**
 * Reads and locks the allowances of these identities until the caller's transaction ends,
 * creating the missing ones. Every instance locks in identity order, so two batches sharing
 * identities wait for each other instead of deadlocking; the wait is one batch's publish. This is
 * what makes a cap exact across instances: two batches never count from the same `sent`.
 */
export async function lockAllowances(client: Queryable, identityIds: readonly string[]): Promise<IdentityAllowance[]> {
  const ids = [...new Set(identityIds)].sort();
  const { rows } = await client.query<AllowanceRow>(
    // The no-op update locks an existing row and returns it as it is.
    `INSERT INTO identity_allowance (identity_id, day, sent, hour, hour_sent, week, week_sent)
     SELECT id, DATE '1970-01-01', 0, TIMESTAMPTZ 'epoch', 0, DATE '1970-01-01', 0
       FROM unnest($1::text[]) AS id ORDER BY id
     ON CONFLICT (identity_id) DO UPDATE SET identity_id = EXCLUDED.identity_id
     RETURNING identity_id, to_char(day, 'YYYY-MM-DD') AS day, sent, hour, hour_sent,
               to_char(week, 'YYYY-MM-DD') AS week, week_sent, last_sent_at`,
    [ids],
  );
  return rows.map((row) => ({
    identityId: row.identity_id,
    day: row.day,
    sent: row.sent,
    hour: row.hour,
    hourSent: row.hour_sent,
    week: row.week,
    weekSent: row.week_sent,
    lastSentAt: row.last_sent_at,
  }));
}

/** Writes back the allowances a batch used, inside the transaction that locked them. */
export async function saveAllowances(client: Queryable, allowances: readonly IdentityAllowance[]): Promise<void> {
  if (allowances.length === 0) return;
  await client.query(
    `UPDATE identity_allowance a
        SET day = s.day, sent = s.sent, hour = s.hour, hour_sent = s.hour_sent,
            week = s.week, week_sent = s.week_sent, last_sent_at = s.last_sent_at
       FROM unnest($1::text[], $2::date[], $3::int[], $4::timestamptz[], $5::int[], $6::date[], $7::int[],
                   $8::timestamptz[]) AS s(identity_id, day, sent, hour, hour_sent, week, week_sent, last_sent_at)
      WHERE a.identity_id = s.identity_id`,
    [
      allowances.map((a) => a.identityId),
      allowances.map((a) => a.day),
      allowances.map((a) => a.sent),
      allowances.map((a) => a.hour),
      allowances.map((a) => a.hourSent),
      allowances.map((a) => a.week),
      allowances.map((a) => a.weekSent),
      allowances.map((a) => a.lastSentAt),
    ],
  );
}
