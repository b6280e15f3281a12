import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@stepwise/platform';

@Injectable()
export class StepFlowRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Recipients currently at each step of the sequence; a step nobody is at has no row. */
  async ofSequence(sequenceId: string): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ step_id: string; recipients: number }>(
      'SELECT step_id, recipients FROM step_flow WHERE sequence_id = $1',
      [sequenceId],
    );
    return new Map(rows.map((row) => [row.step_id, row.recipients]));
  }
}
