import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { RECIPIENT_FLAGS, type RecipientFlag, type RecipientStepRow } from './recipient-step-row';
import { columnName as column, STEP_COUNTERS } from '../step-counters';

const COUNTED_FLAGS = RECIPIENT_FLAGS.filter((flag) => (STEP_COUNTERS as readonly string[]).includes(flag));
const METRIC_COLUMNS = STEP_COUNTERS.map(column);

const bitOf = (flag: RecipientFlag): number => RECIPIENT_FLAGS.indexOf(flag);

const packFlags = (row: string) =>
  RECIPIENT_FLAGS.map((flag) => `(${row}.${column(flag)}::int << ${bitOf(flag)})`).join(' | ');

/** Recipients Attempted over packed flags (seed 000): attempted, or reached and not halted. */
const attemptedBit = (bits: string) =>
  `(((${bits} >> ${bitOf('attempted')}) & 1) | (((${bits} >> ${bitOf('reached')}) & 1) & (1 - ((${bits} >> ${bitOf('halted')}) & 1))))`;

const flagDelta = (flag: RecipientFlag) =>
  `((flags >> ${bitOf(flag)}) & 1) - COALESCE((previous_flags >> ${bitOf(flag)}) & 1, 0)`;

/**
 * One statement per batch. `changed` upserts the rows, each taking the facts of an event newer than
 * the one it holds (fact_at, fact_offset), and returns them with their flags before (previous_flags;
 * NULL for a new row) and after. The counters of step_metric then move by exactly new - old per
 * flag: a redelivered or older event updates no row, so it moves no counter, and a move (Error to
 * Delivered) is -1 on one counter and +1 on another. Postgres 15 has no RETURNING OLD, hence
 * previous_flags, written in the same SET that reads the old row under its lock. Rows and counters
 * are written in key order so two such transactions cannot deadlock.
 */
const APPLY_ROWS_SQL = `
WITH incoming AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::int[])
    AS i(sequence_id, step_id, enrollment_id, fact_at, fact_offset, flags)
),
changed AS (
  INSERT INTO step_recipient AS r (sequence_id, step_id, enrollment_id, first_event_at, fact_at, fact_offset,
                                   ${RECIPIENT_FLAGS.map(column).join(', ')})
  SELECT sequence_id, step_id, enrollment_id, fact_at, fact_at, fact_offset,
         ${RECIPIENT_FLAGS.map((flag) => `(flags & ${1 << bitOf(flag)}) <> 0`).join(', ')}
  FROM incoming
  ORDER BY sequence_id, step_id, enrollment_id
  ON CONFLICT (sequence_id, step_id, enrollment_id) DO UPDATE SET
    ${RECIPIENT_FLAGS.map((flag) => `${column(flag)} = excluded.${column(flag)}`).join(',\n    ')},
    first_event_at = LEAST(r.first_event_at, excluded.first_event_at),
    fact_at = excluded.fact_at,
    fact_offset = excluded.fact_offset,
    previous_flags = ${packFlags('r')}
  WHERE (excluded.fact_at, excluded.fact_offset) > (r.fact_at, r.fact_offset)
  RETURNING r.sequence_id, r.step_id, r.previous_flags, ${packFlags('r')} AS flags
),
deltas AS (
  SELECT sequence_id, step_id, ${attemptedBit('flags')} - COALESCE(${attemptedBit('previous_flags')}, 0) AS recipients,
         ${COUNTED_FLAGS.map((flag) => `${flagDelta(flag)} AS ${column(flag)}`).join(',\n         ')}
  FROM changed
)
INSERT INTO step_metric AS m (sequence_id, step_id, ${METRIC_COLUMNS.join(', ')})
SELECT sequence_id, step_id, ${METRIC_COLUMNS.map((name) => `sum(${name})`).join(', ')}
FROM deltas
GROUP BY sequence_id, step_id
HAVING ${METRIC_COLUMNS.map((name) => `sum(${name}) <> 0`).join(' OR ')}
ORDER BY sequence_id, step_id
ON CONFLICT (sequence_id, step_id) DO UPDATE SET
  ${METRIC_COLUMNS.map((name) => `${name} = m.${name} + excluded.${name}`).join(',\n  ')}
`;

@Injectable()
export class StepRecipientRepository {
  /** Applies rows (one per key: newestRows) to step_recipient and moves step_metric by what changed. */
  async apply(client: PoolClient, rows: readonly RecipientStepRow[]): Promise<void> {
    if (rows.length === 0) return;
    await client.query(APPLY_ROWS_SQL, [
      rows.map((row) => row.sequenceId),
      rows.map((row) => row.stepId),
      rows.map((row) => row.enrollmentId),
      rows.map((row) => row.version.occurredAt.toISOString()),
      rows.map((row) => row.version.offset.toString()),
      rows.map((row) => row.flags),
    ]);
  }
}
