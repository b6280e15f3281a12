import type { Pool, PoolClient } from 'pg';
import type { RecipientStatus } from '@stepwise/contracts';
import type { EnrollmentStatusFact } from './enrollment-halt';
import { isHalting } from './enrollment-halt';

interface StatusRow {
  enrollment_id: string;
  status: RecipientStatus;
  final: boolean;
  changed_at: Date;
}

/**
 * The `enrollment_status` table (same DDL in every channel's schema): the latest status of each
 * enrollment that ever halted, fed by the status changes of enrollment.transitioned. Enrollments that never halted
 * have no row, so the table stays the size of the halted ones. Multi-row statements only.
 */
export class EnrollmentStatusRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Applies a batch of status facts. A fact older than the stored one changes nothing (a
   * redelivered or late event cannot un-halt anybody), and a final status is never replaced.
   * Non-halting facts only update enrollments that already have a row.
   */
  async record(facts: readonly EnrollmentStatusFact[]): Promise<void> {
    const latest = latestPerEnrollment(facts);
    if (latest.length === 0) return;
    const halting = latest.filter(isHalting);
    const resuming = latest.filter((fact) => !isHalting(fact));
    const client = await this.pool.connect();
    try {
      if (halting.length > 0) await upsert(client, halting);
      if (resuming.length > 0) await updateExisting(client, resuming);
    } finally {
      client.release();
    }
  }

  async find(enrollmentIds: readonly string[]): Promise<Map<string, EnrollmentStatusFact>> {
    if (enrollmentIds.length === 0) return new Map();
    const { rows } = await this.pool.query<StatusRow>(
      `SELECT enrollment_id, status, final, changed_at FROM enrollment_status WHERE enrollment_id = ANY($1::text[])`,
      [[...new Set(enrollmentIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.enrollment_id,
        { enrollmentId: row.enrollment_id, status: row.status, final: row.final, changedAt: row.changed_at },
      ]),
    );
  }
}

const NEWER_AND_NOT_FINAL = `NOT enrollment_status.final AND EXCLUDED.changed_at > enrollment_status.changed_at`;

function upsert(client: PoolClient, facts: readonly EnrollmentStatusFact[]) {
  return client.query(
    `INSERT INTO enrollment_status (enrollment_id, status, final, changed_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[])
     ON CONFLICT (enrollment_id) DO UPDATE
       SET status = EXCLUDED.status, final = EXCLUDED.final, changed_at = EXCLUDED.changed_at
       WHERE ${NEWER_AND_NOT_FINAL}`,
    columns(facts),
  );
}

function updateExisting(client: PoolClient, facts: readonly EnrollmentStatusFact[]) {
  return client.query(
    `UPDATE enrollment_status AS e SET status = f.status, final = f.final, changed_at = f.changed_at
     FROM unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[]) AS f(enrollment_id, status, final, changed_at)
     WHERE e.enrollment_id = f.enrollment_id AND NOT e.final AND f.changed_at > e.changed_at`,
    columns(facts),
  );
}

function columns(facts: readonly EnrollmentStatusFact[]): unknown[] {
  return [
    facts.map((f) => f.enrollmentId),
    facts.map((f) => f.status),
    facts.map((f) => f.final),
    facts.map((f) => f.changedAt.toISOString()),
  ];
}

/** One row per enrollment per statement (ON CONFLICT cannot touch a row twice): the newest, final first. */
function latestPerEnrollment(facts: readonly EnrollmentStatusFact[]): EnrollmentStatusFact[] {
  const byId = new Map<string, EnrollmentStatusFact>();
  for (const fact of facts) {
    const known = byId.get(fact.enrollmentId);
    if (!known || (!known.final && (fact.final || fact.changedAt > known.changedAt))) byId.set(fact.enrollmentId, fact);
  }
  return [...byId.values()];
}
