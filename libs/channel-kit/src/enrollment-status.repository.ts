import type { Pool, PoolClient } from 'pg';
import type { RecipientStatus } from '@stepwise/contracts';
import type { EnrollmentStatusFact, HaltFeedEntry } from './enrollment-halt';

interface StatusRow {
  enrollment_id: string;
  status: RecipientStatus;
  final: boolean;
  changed_at: Date;
  attempt: number;
}

/**
 * The `enrollment_status` table (same DDL in every channel's schema): each enrollment that ever
 * halted, as the halt feed last said (status null once it runs again). Enrollments that never
 * halted have no row, so the table stays the size of the halted ones. Multi-row statements only.
 */
export class EnrollmentStatusRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Applies a batch of halt feed messages. A message at or before the stored one's place on the
   * feed changes nothing (a redelivery), and a final status is only lifted for a later attempt
   * (the recipient enrolled again). A lifted halt only clears a row that exists.
   */
  async record(entries: readonly HaltFeedEntry[]): Promise<void> {
    const latest = latestPerEnrollment(entries);
    if (latest.length === 0) return;
    const halting = latest.filter((entry) => entry.halt !== null);
    const lifted = latest.filter((entry) => entry.halt === null);
    const client = await this.pool.connect();
    try {
      if (halting.length > 0) await upsert(client, halting);
      if (lifted.length > 0) await clearExisting(client, lifted);
    } finally {
      client.release();
    }
  }

  /** The halts in force for these enrollments. */
  async find(enrollmentIds: readonly string[]): Promise<Map<string, EnrollmentStatusFact>> {
    if (enrollmentIds.length === 0) return new Map();
    const { rows } = await this.pool.query<StatusRow>(
      `SELECT enrollment_id, status, final, changed_at, attempt FROM enrollment_status
        WHERE enrollment_id = ANY($1::text[]) AND status IS NOT NULL`,
      [[...new Set(enrollmentIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.enrollment_id,
        {
          enrollmentId: row.enrollment_id,
          status: row.status,
          final: row.final,
          changedAt: row.changed_at,
          attempt: row.attempt,
        },
      ]),
    );
  }
}

/** Later on the feed (another partition after a repartition counts as later), and no final status of the same run. */
const REPLACES = (stored: string, incoming: string) =>
  `(${incoming}.feed_partition <> ${stored}.feed_partition OR ${incoming}.feed_offset > ${stored}.feed_offset)
   AND NOT (${stored}.final AND ${incoming}.attempt <= ${stored}.attempt)`;

function upsert(client: PoolClient, entries: readonly HaltFeedEntry[]) {
  return client.query(
    `INSERT INTO enrollment_status (enrollment_id, status, final, changed_at, attempt, feed_partition, feed_offset)
     SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[], $5::int[], $6::int[], $7::bigint[])
     ON CONFLICT (enrollment_id) DO UPDATE
       SET status = EXCLUDED.status, final = EXCLUDED.final, changed_at = EXCLUDED.changed_at,
           attempt = EXCLUDED.attempt, feed_partition = EXCLUDED.feed_partition, feed_offset = EXCLUDED.feed_offset
       WHERE ${REPLACES('enrollment_status', 'EXCLUDED')}`,
    columns(entries),
  );
}

function clearExisting(client: PoolClient, entries: readonly HaltFeedEntry[]) {
  return client.query(
    `UPDATE enrollment_status AS e
        SET status = NULL, final = false, changed_at = now(), attempt = f.attempt,
            feed_partition = f.feed_partition, feed_offset = f.feed_offset
       FROM unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[], $5::int[], $6::int[], $7::bigint[])
         AS f(enrollment_id, status, final, changed_at, attempt, feed_partition, feed_offset)
      WHERE e.enrollment_id = f.enrollment_id AND ${REPLACES('e', 'f')}`,
    columns(entries),
  );
}

function columns(entries: readonly HaltFeedEntry[]): unknown[] {
  return [
    entries.map((e) => e.enrollmentId),
    entries.map((e) => e.halt?.status ?? null),
    entries.map((e) => e.halt?.final ?? false),
    entries.map((e) => (e.halt?.changedAt ?? new Date()).toISOString()),
    entries.map((e) => e.attempt),
    entries.map((e) => e.partition),
    entries.map((e) => e.offset.toString()),
  ];
}

/**
 * One row per enrollment per statement (ON CONFLICT cannot touch a row twice): the last on the
 * feed, except that a final status stays against a later message of the same run.
 */
export function latestPerEnrollment(entries: readonly HaltFeedEntry[]): HaltFeedEntry[] {
  const byId = new Map<string, HaltFeedEntry>();
  for (const entry of entries) {
    const known = byId.get(entry.enrollmentId);
    const later = !known || entry.partition !== known.partition || entry.offset > known.offset;
    const keepsFinal = known?.halt?.final === true && entry.attempt <= known.attempt;
    if (later && !keepsFinal) byId.set(entry.enrollmentId, entry);
  }
  return [...byId.values()];
}
