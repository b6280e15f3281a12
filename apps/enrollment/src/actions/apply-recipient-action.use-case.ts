import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import type { RecipientStatus } from '@stepwise/contracts';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import type { EnrollmentState } from '../enrollment/enrollment-state';
import { ReactionPipeline, type Reaction } from '../reactions/reaction-pipeline';
import type { PlanningContext } from '../scheduling/step-planner';
import type { Transition } from '../scheduling/transition';
import { isAllowed, sequenceStatusRefusal, type RecipientAction } from './recipient-action-matrix';
import { ACTION_TRANSITIONS } from './recipient-actions';

export interface ActionResult {
  applied: string[];
  refused: { enrollmentId: string; status: RecipientStatus | null; reason: string }[];
}

/** Something a user does to a recipient: why it is refused in a state, else the transition it makes. */
export interface RecipientCommand {
  /** Named in a 409 as `action`. */
  name: string;
  refusal: (state: EnrollmentState, ctx: PlanningContext) => string | null;
  transition: (state: EnrollmentState, ctx: PlanningContext) => Transition;
}

function matrixCommand(action: RecipientAction): RecipientCommand {
  return {
    name: action,
    refusal: (state, ctx) => {
      if (!isAllowed(state.status, action)) return `${action} is not allowed for a recipient in status ${state.status}`;
      return sequenceStatusRefusal(action, state.sequenceId, ctx.sequenceStatus ?? 'active');
    },
    transition: ACTION_TRANSITIONS[action],
  };
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

  execute(tenantId: string, enrollmentIds: readonly string[], action: RecipientAction): Promise<ActionResult> {
    return this.run(tenantId, enrollmentIds, matrixCommand(action));
  }

  /** The single-recipient form: 404 when unknown, 409 naming the status and the action when refused. */
  executeOne(tenantId: string, enrollmentId: string, action: RecipientAction): Promise<void> {
    return this.runOne(tenantId, enrollmentId, matrixCommand(action));
  }

  async runOne(tenantId: string, enrollmentId: string, command: RecipientCommand): Promise<void> {
    const { refused } = await this.run(tenantId, [enrollmentId], command);
    const refusal = refused[0];
    if (!refusal) return;
    if (refusal.status === null) throw new NotFoundException(`enrollment ${enrollmentId} not found`);
    throw new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      message: refusal.reason,
      status: refusal.status,
      action: command.name,
    });
  }

  private async run(
    tenantId: string,
    enrollmentIds: readonly string[],
    command: RecipientCommand,
  ): Promise<ActionResult> {
    const existing = await this.visible(tenantId, enrollmentIds);
    const result: ActionResult = { applied: [], refused: [] };
    const reactions: Reaction[] = [...existing].map((enrollmentId) => ({
      tenantId,
      enrollmentId,
      react: (state, ctx) => {
        const reason = command.refusal(state, ctx);
        if (reason) {
          result.refused.push({ enrollmentId, status: state.status, reason });
          return null;
        }
        result.applied.push(enrollmentId);
        return command.transition(state, ctx);
      },
    }));
    await this.pipeline.apply(reactions, async (client) => {
      if (command.name === 'delete') {
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

  private async visible(tenantId: string, ids: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT e.id FROM enrollment e JOIN sequence s ON s.id = e.sequence_id
        WHERE e.tenant_id = $1 AND e.id = ANY($2::text[]) AND NOT e.removed AND s.status <> 'deleted'`,
      [tenantId, [...new Set(ids)]],
    );
    return new Set(rows.map((r) => r.id));
  }
}
