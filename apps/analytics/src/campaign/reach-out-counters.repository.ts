import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@stepwise/platform';
import { columnName } from '../step-counters';
import { REACH_OUT_COUNTER_NAMES, type ReachOutCounters } from '../reach-out-counters';

/** A range of UTC days, both ends included (ISO dates). */
export interface DayRange {
  from: string;
  to: string;
}

const SUMS = REACH_OUT_COUNTER_NAMES.map((name) => `COALESCE(sum(${columnName(name)}), 0)::int AS "${name}"`).join(
  ', ',
);

/** Sums of reach_out_daily: at most one row per day of the range, whatever the number of reach outs. */
@Injectable()
export class ReachOutCountersRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** A sequence's reach outs created in the range, or ever when no range is given. */
  async ofSequence(sequenceId: string, range: DayRange | null): Promise<ReachOutCounters> {
    const { rows } = await this.pool.query<ReachOutCounters>(
      range
        ? `SELECT ${SUMS} FROM reach_out_daily WHERE sequence_id = $1 AND day BETWEEN $2::date AND $3::date`
        : `SELECT ${SUMS} FROM reach_out_daily WHERE sequence_id = $1`,
      range ? [sequenceId, range.from, range.to] : [sequenceId],
    );
    return rows[0] as ReachOutCounters;
  }

  /** Every sequence of the tenant, deleted ones included: their reach outs happened. */
  async ofTenant(tenantId: string, range: DayRange): Promise<ReachOutCounters> {
    const { rows } = await this.pool.query<ReachOutCounters>(
      `SELECT ${SUMS} FROM reach_out_daily WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date`,
      [tenantId, range.from, range.to],
    );
    return rows[0] as ReachOutCounters;
  }
}
