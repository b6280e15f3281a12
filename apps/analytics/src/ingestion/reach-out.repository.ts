import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { columnName } from '../step-counters';
import { countsInSql, isActiveSql, REACH_OUT_COUNTER_NAMES } from '../reach-out-counters';
import type { ReachOutFact } from './reach-out-fact';

const DAILY_COLUMNS = REACH_OUT_COUNTER_NAMES.map(columnName);
const dayOf = (at: string) => `(${at} AT TIME ZONE 'UTC')::date`;
const laterStep = `excluded.step_at IS NOT NULL AND (r.step_at IS NULL
        OR (excluded.step_at, excluded.step_offset) > (r.step_at, r.step_offset))`;

/**
 * One statement per batch, as for step_recipient: `changed` upserts the reach outs and returns only
 * those whose state changed, with their state before (previous_*; NULL for a new row) and after. A
 * reach out then leaves the counters of its old day and state and enters those of its new ones, so a
 * duplicate moves nothing, and flags that arrive before the event that creates the reach out (its
 * first reached step) are counted when that event arrives. Rows and counters are written in key order (no deadlocks).
 */
const APPLY_REACH_OUTS_SQL = `
WITH incoming AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::text[],
                       $7::timestamptz[], $8::bigint[])
    AS i(enrollment_id, tenant_id, sequence_id, created_at, flags, step_id, step_at, step_offset)
),
changed AS (
  INSERT INTO reach_out AS r (enrollment_id, tenant_id, sequence_id, created_at, flags, step_id, step_at, step_offset)
  SELECT * FROM incoming ORDER BY enrollment_id
  ON CONFLICT (enrollment_id) DO UPDATE SET
    created_at = LEAST(r.created_at, excluded.created_at),
    flags = r.flags | excluded.flags,
    step_id = CASE WHEN ${laterStep} THEN excluded.step_id ELSE r.step_id END,
    step_at = CASE WHEN ${laterStep} THEN excluded.step_at ELSE r.step_at END,
    step_offset = CASE WHEN ${laterStep} THEN excluded.step_offset ELSE r.step_offset END,
    previous_created_at = r.created_at,
    previous_flags = r.flags,
    previous_step_id = r.step_id
  WHERE (r.created_at, r.flags, r.step_id) IS DISTINCT FROM
        (LEAST(r.created_at, excluded.created_at), r.flags | excluded.flags,
         CASE WHEN ${laterStep} THEN excluded.step_id ELSE r.step_id END)
  RETURNING r.tenant_id, r.sequence_id, r.created_at, r.flags, r.step_id,
            r.previous_created_at, r.previous_flags, r.previous_step_id
),
day_deltas AS (
  SELECT tenant_id, sequence_id, ${dayOf('previous_created_at')} AS day, -1 AS sign, previous_flags AS flags
  FROM changed WHERE previous_created_at IS NOT NULL
  UNION ALL
  SELECT tenant_id, sequence_id, ${dayOf('created_at')}, 1, flags FROM changed WHERE created_at IS NOT NULL
),
daily AS (
  INSERT INTO reach_out_daily AS d (sequence_id, day, tenant_id, ${DAILY_COLUMNS.join(', ')})
  SELECT sequence_id, day, min(tenant_id),
         ${REACH_OUT_COUNTER_NAMES.map((name) => `sum(sign * ${countsInSql(name, 'flags')}::int)`).join(',\n         ')}
  FROM day_deltas
  GROUP BY sequence_id, day
  HAVING ${REACH_OUT_COUNTER_NAMES.map((name) => `sum(sign * ${countsInSql(name, 'flags')}::int) <> 0`).join(' OR ')}
  ORDER BY sequence_id, day
  ON CONFLICT (sequence_id, day) DO UPDATE SET
    ${DAILY_COLUMNS.map((name) => `${name} = d.${name} + excluded.${name}`).join(',\n    ')}
),
flow_deltas AS (
  SELECT sequence_id, previous_step_id AS step_id, -1 AS recipients
  FROM changed WHERE previous_step_id IS NOT NULL AND ${isActiveSql('previous_flags')}
  UNION ALL
  SELECT sequence_id, step_id, 1 FROM changed WHERE step_id IS NOT NULL AND ${isActiveSql('flags')}
)
INSERT INTO step_flow AS f (sequence_id, step_id, recipients)
SELECT sequence_id, step_id, sum(recipients) FROM flow_deltas
GROUP BY sequence_id, step_id
HAVING sum(recipients) <> 0
ORDER BY sequence_id, step_id
ON CONFLICT (sequence_id, step_id) DO UPDATE SET recipients = f.recipients + excluded.recipients
`;

@Injectable()
export class ReachOutRepository {
  /** Applies folded facts (one per enrollment, in enrollment id order) to reach_out and its counters. */
  async apply(client: PoolClient, facts: readonly ReachOutFact[]): Promise<void> {
    if (facts.length === 0) return;
    await client.query(APPLY_REACH_OUTS_SQL, [
      facts.map((fact) => fact.enrollmentId),
      facts.map((fact) => fact.tenantId),
      facts.map((fact) => fact.sequenceId),
      facts.map((fact) => fact.createdAt?.toISOString() ?? null),
      facts.map((fact) => fact.flags),
      facts.map((fact) => fact.step?.stepId ?? null),
      facts.map((fact) => fact.step?.occurredAt.toISOString() ?? null),
      facts.map((fact) => fact.step?.offset.toString() ?? null),
    ]);
  }
}
