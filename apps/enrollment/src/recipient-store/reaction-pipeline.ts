import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox, type OutboxMessage } from '@stepwise/outbox';
import { PG_POOL } from '@stepwise/platform';
import type { EnrollmentState } from '../recipient-core/enrollment-state';
import { settleStepFacts } from '../recipient-core/step-facts';
import { EnrollmentRepository, type LoadedEnrollment, type TimelineEntry } from './enrollment.repository';
import { SequenceCatalog } from './sequence-catalog';
import type { PlanningContext } from '../recipient-core/step-planner';
import type { Transition } from '../recipient-core/transition';
import { transitionMessages } from '../recipient-core/transition-messages';
import { belongsOnTimeline, timelineEntry } from '../recipient-core/timeline';

/** One event's effect on one enrollment; `react` returns null when the event changes nothing. */
export interface Reaction {
  /**
   * The event reacted to, recorded so a redelivery changes nothing. A user's command (an API call)
   * has none: it is not redelivered, and a refused one must leave no row behind.
   */
  eventId?: string;
  /** The tenant the event claims; an event naming another tenant's enrollment changes nothing. */
  tenantId: string;
  enrollmentId: string;
  react: (state: EnrollmentState, ctx: PlanningContext) => Transition | null;
  /** The transition's cause goes on the timeline even when the status stays (a channel's notice). */
  onTimelineAlways?: boolean;
}

/**
 * Applies a batch of reactions in one transaction: drops events seen before, locks the
 * enrollments, runs each reaction in order, and writes states, timeline and outbox rows with one
 * multi-row statement each.
 */
@Injectable()
export class ReactionPipeline {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly enrollments: EnrollmentRepository,
    private readonly sequences: SequenceCatalog,
  ) {}

  /**
   * `reactions` may be found inside the transaction, when which enrollments an event reaches
   * depends on what the same transaction wrote first (a sender identity's new login state).
   */
  async apply(
    reactions: readonly Reaction[] | ((client: PoolClient) => Promise<readonly Reaction[]>),
    alsoInTransaction?: (client: PoolClient) => Promise<void>,
  ): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const all = typeof reactions === 'function' ? await reactions(client) : reactions;
      const eventIds = [...new Set(all.flatMap((r) => (r.eventId === undefined ? [] : [r.eventId])))];
      const fresh = eventIds.length > 0 ? await this.enrollments.claimEvents(client, eventIds) : new Set<string>();
      const pending = onceEach(all).filter((r) => r.eventId === undefined || fresh.has(r.eventId));
      await alsoInTransaction?.(client);
      if (pending.length === 0) return 0;
      const loaded = await this.enrollments.lockByIds(client, [...new Set(pending.map((r) => r.enrollmentId))]);
      const contexts = await this.contexts(client, loaded);
      const written = this.run(pending, loaded, contexts);
      await this.enrollments.save(client, written.states);
      await this.enrollments.appendTimeline(client, written.timeline);
      await appendToOutbox(client, written.messages);
      return written.states.length;
    });
  }

  private async contexts(client: PoolClient, loaded: Map<string, LoadedEnrollment>) {
    const sequences = await this.sequences.load(
      client,
      [...loaded.values()].map((l) => l.state.sequenceId),
    );
    const identities = await this.sequences.identities(
      client,
      [...sequences.values()].flatMap((s) => s.identityIds),
    );
    const now = new Date();
    const contexts = new Map<string, PlanningContext>();
    for (const [id, { state, recipient }] of loaded) {
      const sequence = sequences.get(state.sequenceId);
      if (sequence) {
        contexts.set(id, {
          navigator: sequence.navigator,
          recipient,
          identities,
          now,
          sequenceStatus: sequence.status,
          openTracking: sequence.openTrackingEnabled,
        });
      }
    }
    return contexts;
  }

  private run(
    reactions: readonly Reaction[],
    loaded: Map<string, LoadedEnrollment>,
    contexts: Map<string, PlanningContext>,
  ) {
    const current = new Map([...loaded].map(([id, l]) => [id, l.state]));
    const timeline: TimelineEntry[] = [];
    const messages: OutboxMessage[] = [];
    const changed = new Set<string>();
    for (const reaction of reactions) {
      const state = current.get(reaction.enrollmentId);
      const ctx = contexts.get(reaction.enrollmentId);
      if (!state || !ctx || state.tenantId !== reaction.tenantId) continue;
      const reacted = reaction.react(state, ctx);
      if (!reacted) continue;
      const transition = settleStepFacts(state, reacted);
      current.set(state.id, transition.next);
      changed.add(state.id);
      messages.push(...transitionMessages(state, transition, state.recipientId));
      if (reaction.onTimelineAlways || belongsOnTimeline(state, transition)) {
        timeline.push(timelineEntry(state, transition));
      }
    }
    return { states: [...changed].map((id) => current.get(id) as EnrollmentState), timeline, messages };
  }
}

/**
 * An event delivered twice within one batch: both copies are fresh, so one is dropped here. A state
 * change would be a no-op the second time, but a timeline-only notice would be recorded twice.
 */
function onceEach(reactions: readonly Reaction[]): Reaction[] {
  const seen = new Set<string>();
  return reactions.filter((r) => {
    if (r.eventId === undefined) return true;
    const key = `${r.eventId}\u0000${r.enrollmentId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
