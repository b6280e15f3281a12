import type { RecipientCommand } from '../recipient-core/recipient-action-transitions';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import { isHaltingStatus, type RecipientStatus } from '@stepwise/contracts';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { ReactionPipeline, type Reaction } from '../recipient-store/reaction-pipeline';
import { isAllowed, sequenceStatusRefusal, type RecipientAction } from '../recipient-core/recipient-action-matrix';
import { ACTION_TRANSITIONS } from '../recipient-core/recipient-action-transitions';
import { inFlightBy, pendingSend, type StepInFlight } from './step-in-flight';

export interface ActionResult {
  applied: string[];
  refused: { enrollmentId: string; status: RecipientStatus | null; reason: string }[];
  /**
   * Recipients halted while their current step's send was due with no outcome yet: it may have
   * been handed to the provider already (the timeline says so when the channel reports it).
   */
  possiblyInFlight: StepInFlight[];
  /**
   * The halts are on the channels' halt feed: from this answer on, no provider call for these
   * recipients begins. False only when publishing took longer than HALT_PUBLISH_TIMEOUT_MS.
   */
  haltPublished: boolean;
}

/** What the single-recipient form answers. */
export interface OneActionAnswer {
  enrollmentId: string;
  status: RecipientStatus;
  possiblyInFlight: StepInFlight | null;
  haltPublished: boolean;
}

/** Longest an action waits for its messages to be published before it answers anyway. */
const HALT_PUBLISH_TIMEOUT_MS = 5_000;

/** Something a user does to a recipient: why it is refused in a state, else the transition it makes. */

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
  async executeOne(tenantId: string, enrollmentId: string, action: RecipientAction): Promise<OneActionAnswer> {
    const result = await this.runOne(tenantId, enrollmentId, matrixCommand(action));
    return {
      enrollmentId,
      status: result.status,
      possiblyInFlight: result.possiblyInFlight[0] ?? null,
      haltPublished: result.haltPublished,
    };
  }

  async runOne(
    tenantId: string,
    enrollmentId: string,
    command: RecipientCommand,
  ): Promise<ActionResult & { status: RecipientStatus }> {
    const result = await this.run(tenantId, [enrollmentId], command);
    const refusal = result.refused[0];
    if (!refusal) return { ...result, status: result.statuses.get(enrollmentId) as RecipientStatus };
    if (refusal.status === null) throw new NotFoundException(`enrollment ${enrollmentId} not found`);
    throw new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      message: refusal.reason,
      status: refusal.status,
      action: command.name,
    });
  }

  /**
   * Answers once the transitions' messages are published, the halt feed's among them: a stop
   * the API has answered is what the channels' last look before a provider call reads.
   */
  private async run(
    tenantId: string,
    enrollmentIds: readonly string[],
    command: RecipientCommand,
  ): Promise<ActionResult & { statuses: Map<string, RecipientStatus> }> {
    const existing = await this.visible(tenantId, enrollmentIds);
    const result: ActionResult = { applied: [], refused: [], possiblyInFlight: [], haltPublished: true };
    const statuses = new Map<string, RecipientStatus>();
    const pendingSends: StepInFlight[] = [];
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
        const transition = command.transition(state, ctx);
        statuses.set(enrollmentId, transition.next.status);
        const pending = isHaltingStatus(transition.next.status) ? pendingSend(state, ctx) : null;
        if (pending) pendingSends.push(pending);
        return transition;
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
    if (result.applied.length > 0) result.haltPublished = await this.platform.outboxPublished(HALT_PUBLISH_TIMEOUT_MS);
    // Until the halt was on the feed a channel could still begin the call: due by then is in flight.
    result.possiblyInFlight = inFlightBy(pendingSends, new Date());
    return { ...result, statuses };
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
