import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { StepType } from '@stepwise/contracts';
import { PG_POOL } from '@stepwise/platform';
import { columnName, STEP_COUNTERS, type StepCounter, type StepCounters } from '../step-counters';
import type { BranchRow, SequenceRow, StepRow } from './sequence-snapshot';

type StepRecord = {
  step_id: string;
  type: StepType;
  name: string;
  position: number;
  branch_id: string | null;
  branch_path: 'yes' | 'no' | null;
} & Record<StepCounter, number>;

/** Counters as camelCase aliases; a step nobody reached yet has no step_metric row and reads as zeros. */
const COUNTER_SELECT = STEP_COUNTERS.map((name) => `COALESCE(m.${columnName(name)}, 0) AS "${name}"`).join(', ');

/** Reads only the sequence's own rows and its pre-aggregated counters, never step_recipient. */
@Injectable()
export class SnapshotRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The sequence if it exists for this tenant; a deleted sequence is gone for readers too. */
  async findSequence(tenantId: string, sequenceId: string): Promise<SequenceRow | null> {
    const { rows } = await this.pool.query<{ sequence_id: string; name: string; open_tracking_enabled: boolean }>(
      `SELECT sequence_id, name, open_tracking_enabled FROM sequence
       WHERE sequence_id = $1 AND tenant_id = $2 AND status <> 'deleted'`,
      [sequenceId, tenantId],
    );
    const row = rows[0];
    return row ? { sequenceId: row.sequence_id, name: row.name, openTrackingEnabled: row.open_tracking_enabled } : null;
  }

  async steps(sequenceId: string): Promise<StepRow[]> {
    const { rows } = await this.pool.query<StepRecord>(
      `SELECT s.step_id, s.type, s.name, s.position, s.branch_id, s.branch_path, ${COUNTER_SELECT}
       FROM sequence_step s
       LEFT JOIN step_metric m ON m.sequence_id = s.sequence_id AND m.step_id = s.step_id
       WHERE s.sequence_id = $1`,
      [sequenceId],
    );
    return rows.map((row) => ({
      stepId: row.step_id,
      type: row.type,
      name: row.name,
      position: row.position,
      branchId: row.branch_id,
      branchPath: row.branch_path,
      counters: Object.fromEntries(STEP_COUNTERS.map((name) => [name, row[name]])) as StepCounters,
    }));
  }

  async branches(sequenceId: string): Promise<BranchRow[]> {
    const { rows } = await this.pool.query<{ branch_id: string; name: string; position: number }>(
      'SELECT branch_id, name, position FROM sequence_branch WHERE sequence_id = $1',
      [sequenceId],
    );
    return rows.map((row) => ({ branchId: row.branch_id, name: row.name, position: row.position }));
  }
}
