import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { RecipientStatus } from '@stepwise/contracts';
import type { Position } from './enrollment-position';

export interface EnrollmentPosition {
  enrollmentId: string;
  sequenceId: string;
  position: Position;
}

interface PositionRow {
  enrollment_id: string;
  step_id: string | null;
  status: RecipientStatus;
  substatus: string | null;
  changed_at: Date;
  changed_offset: string;
}

function columns(rows: readonly EnrollmentPosition[]): unknown[] {
  return [
    rows.map((row) => row.enrollmentId),
    rows.map((row) => row.sequenceId),
    rows.map((row) => row.position.stepId),
    rows.map((row) => row.position.status),
    rows.map((row) => row.position.substatus),
    rows.map((row) => row.position.version.occurredAt.toISOString()),
    rows.map((row) => row.position.version.offset.toString()),
  ];
}

const UNNEST = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[])
  AS u(enrollment_id, sequence_id, step_id, status, substatus, changed_at, changed_offset)`;

/** enrollment_position rows; rows are always taken in enrollment id order so writers cannot deadlock. */
@Injectable()
export class EnrollmentPositionRepository {
  /** Inserts positions of enrollments seen for the first time; returns the ids that were new. */
  async insertNew(client: PoolClient, rows: readonly EnrollmentPosition[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const { rows: inserted } = await client.query<{ enrollment_id: string }>(
      `INSERT INTO enrollment_position (enrollment_id, sequence_id, step_id, status, substatus, changed_at, changed_offset)
       SELECT * FROM ${UNNEST} ORDER BY enrollment_id
       ON CONFLICT (enrollment_id) DO NOTHING
       RETURNING enrollment_id`,
      columns(rows),
    );
    return new Set(inserted.map((row) => row.enrollment_id));
  }

  /** Reads stored positions under a row lock held until commit, so their successors are computed from the latest. */
  async lock(client: PoolClient, enrollmentIds: readonly string[]): Promise<Map<string, Position>> {
    if (enrollmentIds.length === 0) return new Map();
    const { rows } = await client.query<PositionRow>(
      `SELECT enrollment_id, step_id, status, substatus, changed_at, changed_offset
       FROM enrollment_position WHERE enrollment_id = ANY($1::text[])
       ORDER BY enrollment_id FOR UPDATE`,
      [enrollmentIds],
    );
    return new Map(
      rows.map((row) => [
        row.enrollment_id,
        {
          stepId: row.step_id,
          status: row.status,
          substatus: row.substatus,
          version: { occurredAt: row.changed_at, offset: BigInt(row.changed_offset) },
        },
      ]),
    );
  }

  async update(client: PoolClient, rows: readonly EnrollmentPosition[]): Promise<void> {
    if (rows.length === 0) return;
    await client.query(
      `UPDATE enrollment_position p
       SET step_id = u.step_id, status = u.status, substatus = u.substatus,
           changed_at = u.changed_at, changed_offset = u.changed_offset
       FROM ${UNNEST}
       WHERE p.enrollment_id = u.enrollment_id`,
      columns(rows),
    );
  }
}
