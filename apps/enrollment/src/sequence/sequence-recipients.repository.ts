import type { RecipientSelection } from '../recipient-core/sequence-recipient-transitions';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { RecipientStatus } from '@stepwise/contracts';

/** Which of the sequence's recipients a sequence-wide change reaches: ids only, the pipeline locks and loads them. */

@Injectable()
export class SequenceRecipientsRepository {
  async select(
    client: PoolClient,
    tenantId: string,
    sequenceId: string,
    selection: RecipientSelection,
  ): Promise<string[]> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM enrollment
        WHERE tenant_id = $1 AND sequence_id = $2 AND status = ANY($3::text[])
          AND ($4::text IS NULL OR substatus = $4)`,
      [tenantId, sequenceId, selection.statuses, selection.substatus ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** Recipients whose pending timer sends one of `stepIds` and is not due yet. */
  async pendingSendsOf(
    client: PoolClient,
    tenantId: string,
    sequenceId: string,
    stepIds: readonly string[],
  ): Promise<string[]> {
    if (stepIds.length === 0) return [];
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM enrollment
        WHERE tenant_id = $1 AND sequence_id = $2 AND status = 'in_progress'
          AND current_node_id = ANY($3::text[]) AND next_due_at > now()`,
      [tenantId, sequenceId, stepIds],
    );
    return rows.map((r) => r.id);
  }
}

export function isSelected(
  state: { status: RecipientStatus; substatus: string | null },
  selection: RecipientSelection,
) {
  return (
    selection.statuses.includes(state.status) &&
    (selection.substatus === undefined || state.substatus === selection.substatus)
  );
}
