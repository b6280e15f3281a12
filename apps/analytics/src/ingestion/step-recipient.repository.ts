import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { RecipientStepFact } from './recipient-step-fact';
import { CLEARED_BY, RECIPIENT_FLAGS, type RecipientFlag, type RecipientStepFlags } from './recipient-step-flags';
import { columnName as column, STEP_COUNTERS } from '../step-counters';

/** Per step, a change of the currently-pending and currently-overdue counts (from enrollment positions). */
export interface StepPhaseDelta {
  sequenceId: string;
  stepId: string;
  pending: number;
  overdue: number;
}

const COUNTED_FLAGS = RECIPIENT_FLAGS.filter((flag) => (STEP_COUNTERS as readonly string[]).includes(flag));
const METRIC_COLUMNS = STEP_COUNTERS.map(column);

/** Flags travel as one integer per row (bit i = RECIPIENT_FLAGS[i]): one array parameter instead of fifteen. */
export function flagBits(flags: RecipientStepFlags): number {
  return RECIPIENT_FLAGS.reduce((bits, flag, bit) => (flags[flag] ? bits | (1 << bit) : bits), 0);
}

function bitOf(flag: RecipientFlag): number {
  return RECIPIENT_FLAGS.indexOf(flag);
}

const seen = (flag: RecipientFlag) => `(r.${column(flag)} OR excluded.${column(flag)})`;

/** joinFlags in SQL, from the same rule table, so the database and the batch fold cannot disagree. */
function joinedFlag(flag: RecipientFlag): string {
  const clearedBy = CLEARED_BY[flag] ?? [];
  return clearedBy.length === 0 ? seen(flag) : `(${seen(flag)} AND NOT (${clearedBy.map(seen).join(' OR ')}))`;
}

const packFlags = (row: string) =>
  RECIPIENT_FLAGS.map((flag) => `(${row}.${column(flag)}::int << ${bitOf(flag)})`).join(' | ');

/** countsAsAttempted over packed flags: attempted, or reached and not halted. */
const attemptedBit = (bits: string) =>
  `(((${bits} >> ${bitOf('attempted')}) & 1) | (((${bits} >> ${bitOf('reached')}) & 1) & (1 - ((${bits} >> ${bitOf('halted')}) & 1))))`;

const flagDelta = (flag: RecipientFlag) =>
  `((flags >> ${bitOf(flag)}) & 1) - COALESCE((previous_flags >> ${bitOf(flag)}) & 1, 0)`;

/**
 * One statement per batch. `changed` upserts the rows and returns only those whose state changed,
 * each with its flags before (previous_flags; NULL for a new row) and after. The counters of
 * step_metric then move by exactly new - old per flag: a duplicated or replayed event changes no row,
 * so it changes no counter, and a move (Error to Delivered) is -1 on one counter and +1 on another.
 * Postgres 15 has no RETURNING OLD, hence previous_flags, written in the same SET that reads the old
 * row under its lock, so concurrent writers (another instance consuming another topic) stay exact.
 * Rows and counters are written in key order so two such transactions cannot deadlock.
 */
const APPLY_FACTS_SQL = `
WITH incoming AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int[])
    AS i(sequence_id, step_id, enrollment_id, first_event_at, flags)
),
changed AS (
  INSERT INTO step_recipient AS r (sequence_id, step_id, enrollment_id, first_event_at, ${RECIPIENT_FLAGS.map(column).join(', ')})
  SELECT sequence_id, step_id, enrollment_id, first_event_at,
         ${RECIPIENT_FLAGS.map((flag) => `(flags & ${1 << bitOf(flag)}) <> 0`).join(', ')}
  FROM incoming
  ORDER BY sequence_id, step_id, enrollment_id
  ON CONFLICT (sequence_id, step_id, enrollment_id) DO UPDATE SET
    ${RECIPIENT_FLAGS.map((flag) => `${column(flag)} = ${joinedFlag(flag)}`).join(',\n    ')},
    first_event_at = LEAST(r.first_event_at, excluded.first_event_at),
    previous_flags = ${packFlags('r')}
  WHERE (${RECIPIENT_FLAGS.map((flag) => `r.${column(flag)}`).join(', ')}, r.first_event_at)
        IS DISTINCT FROM (${RECIPIENT_FLAGS.map(joinedFlag).join(', ')}, LEAST(r.first_event_at, excluded.first_event_at))
  RETURNING r.sequence_id, r.step_id, r.previous_flags, ${packFlags('r')} AS flags
),
deltas AS (
  SELECT sequence_id, step_id, ${attemptedBit('flags')} - COALESCE(${attemptedBit('previous_flags')}, 0) AS recipients,
         ${COUNTED_FLAGS.map((flag) => `${flagDelta(flag)} AS ${column(flag)}`).join(',\n         ')},
         0 AS pending, 0 AS overdue
  FROM changed
  UNION ALL
  SELECT sequence_id, step_id, 0, ${COUNTED_FLAGS.map(() => '0').join(', ')}, pending, overdue
  FROM unnest($6::text[], $7::text[], $8::int[], $9::int[]) AS p(sequence_id, step_id, pending, overdue)
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
  /** Applies folded facts (one per row) and phase deltas to step_recipient and step_metric. */
  async apply(
    client: PoolClient,
    facts: readonly RecipientStepFact[],
    phaseDeltas: readonly StepPhaseDelta[],
  ): Promise<void> {
    if (facts.length === 0 && phaseDeltas.length === 0) return;
    await client.query(APPLY_FACTS_SQL, [
      facts.map((fact) => fact.sequenceId),
      facts.map((fact) => fact.stepId),
      facts.map((fact) => fact.enrollmentId),
      facts.map((fact) => fact.occurredAt.toISOString()),
      facts.map((fact) => flagBits(fact.flags)),
      phaseDeltas.map((delta) => delta.sequenceId),
      phaseDeltas.map((delta) => delta.stepId),
      phaseDeltas.map((delta) => delta.pending),
      phaseDeltas.map((delta) => delta.overdue),
    ]);
  }
}
