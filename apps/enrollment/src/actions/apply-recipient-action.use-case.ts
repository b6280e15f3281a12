import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { RecipientStatus } from '@stepwise/contracts';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { ReactionPipeline, type Reaction } from '../reactions/reaction-pipeline';
import { isAllowed, type RecipientAction } from './recipient-action-matrix';
import { ACTION_TRANSITIONS } from './recipient-actions';

export interface ActionResult {
  applied: string[];
  refused: { enrollmentId: string; status: RecipientStatus | null; reason: string }[];
}

/**
 * Applies one user action to one or many recipients. Each recipient is checked against the
 * status/action matrix in the same transaction that changes it, so a concurrent reply wins cleanly.
 */
@Injectable()
export class ApplyRecipientActionUseCase {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly pipeline: ReactionPipeline,
    private readonly platform: PlatformLifecycle,
  ) {}

  async execute(tenantId: string, enrollmentIds: readonly string[], action: RecipientAction): Promise<ActionResult> {
    const existing = await this.visible(tenantId, enrollmentIds);
    const result: ActionResult = { applied: [], refused: [] };
    const eventId = randomUUID();
    const reactions: Reaction[] = [...existing].map((enrollmentId) => ({
      eventId,
      tenantId,
      enrollmentId,
      react: (state, ctx) => {
        if (!isAllowed(state.status, action)) {
          result.refused.push({
            enrollmentId,
            status: state.status,
            reason: `${action} is not allowed for a recipient in status ${state.status}`,
          });
          return null;
        }
        result.applied.push(enrollmentId);
        return ACTION_TRANSITIONS[action](state, ctx);
      },
    }));
    await this.pipeline.apply(reactions, async (client) => {
      if (action === 'delete') {
        await client.query(`UPDATE enrollment SET removed = true WHERE tenant_id = $1 AND id = ANY($2::text[])`, [
          tenantId,
          [...existing],
        ]);
      }
    });
    for (const id of enrollmentIds) {
      if (!existing.has(id)) result.refused.push({ enrollmentId: id, status: null, reason: 'enrollment not found' });
    }
    this.platform.nudgeOutbox();
    return result;
  }

  /** The single-recipient form: 404 when unknown, 409 naming the status and the action when refused. */
  async executeOne(tenantId: string, enrollmentId: string, action: RecipientAction): Promise<void> {
    const { refused } = await this.execute(tenantId, [enrollmentId], action);
    const refusal = refused[0];
    if (!refusal) return;
    if (refusal.status === null) throw new NotFoundException(`enrollment ${enrollmentId} not found`);
    throw new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      message: refusal.reason,
      status: refusal.status,
      action,
    });
  }

  private async visible(tenantId: string, ids: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM enrollment WHERE tenant_id = $1 AND id = ANY($2::text[]) AND NOT removed`,
      [tenantId, [...new Set(ids)]],
    );
    return new Set(rows.map((r) => r.id));
  }
}
