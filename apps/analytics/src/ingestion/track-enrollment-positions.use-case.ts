import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { ConsumedMessage } from '@stepwise/kafka';
import type { StatusChangedMessage } from './analytics-message';
import { advancePosition, type Position, type PositionAdvance } from './enrollment-position';
import { EnrollmentPositionRepository, type EnrollmentPosition } from './enrollment-position.repository';
import type { RecipientStepFact } from './recipient-step-fact';
import { factFlags } from './recipient-step-flags';
import { statusChangedPosition } from './reactions/status-changed.reaction';
import type { StepPhaseDelta } from './step-recipient.repository';

export interface PositionEffects {
  /** Task completions, as facts for step_recipient. */
  facts: RecipientStepFact[];
  /** Changes of the currently-pending and currently-overdue counts. */
  phaseDeltas: StepPhaseDelta[];
}

interface Chain {
  enrollmentId: string;
  sequenceId: string;
  changes: Position[];
}

/** enrollment.status-changed: moves each recipient's position and reports what that changes per step. */
@Injectable()
export class TrackEnrollmentPositions {
  constructor(private readonly positions: EnrollmentPositionRepository) {}

  async execute(
    client: PoolClient,
    messages: readonly ConsumedMessage<StatusChangedMessage>[],
  ): Promise<PositionEffects> {
    const chains = chainsByEnrollment(messages);
    if (chains.length === 0) return { facts: [], phaseDeltas: [] };
    // Most status changes in a batch belong to enrollments already stored; a first one is inserted
    // straight away (nothing to lock), the others are locked, advanced and updated.
    const fromNothing = chains.map((chain) => ({ chain, advance: advancePosition(null, chain.changes) }));
    const inserted = await this.positions.insertNew(
      client,
      fromNothing.flatMap(({ chain, advance }) => latestRow(chain, advance)),
    );
    const existing = chains.filter((chain) => !inserted.has(chain.enrollmentId));
    const stored = await this.positions.lock(
      client,
      existing.map((chain) => chain.enrollmentId),
    );
    const advanced = existing.map((chain) => ({
      chain,
      advance: advancePosition(stored.get(chain.enrollmentId) ?? null, chain.changes),
    }));
    await this.positions.update(
      client,
      advanced.flatMap(({ chain, advance }) => latestRow(chain, advance)),
    );
    return effectsOf([...fromNothing.filter(({ chain }) => inserted.has(chain.enrollmentId)), ...advanced]);
  }
}

function chainsByEnrollment(messages: readonly ConsumedMessage<StatusChangedMessage>[]): Chain[] {
  const chains = new Map<string, Chain>();
  for (const message of messages) {
    const { enrollmentId, sequenceId } = message.envelope.payload;
    const chain = chains.get(enrollmentId) ?? { enrollmentId, sequenceId, changes: [] };
    chain.changes.push(statusChangedPosition(message.envelope, message.offset));
    chains.set(enrollmentId, chain);
  }
  return [...chains.values()].sort((a, b) => (a.enrollmentId < b.enrollmentId ? -1 : 1));
}

function latestRow(chain: Chain, advance: PositionAdvance): EnrollmentPosition[] {
  return advance.latest
    ? [{ enrollmentId: chain.enrollmentId, sequenceId: chain.sequenceId, position: advance.latest }]
    : [];
}

function effectsOf(advanced: readonly { chain: Chain; advance: PositionAdvance }[]): PositionEffects {
  return {
    facts: advanced.flatMap(({ chain, advance }) =>
      advance.completions.map(({ stepId, occurredAt }) => ({
        sequenceId: chain.sequenceId,
        stepId,
        enrollmentId: chain.enrollmentId,
        flags: factFlags('completed'),
        occurredAt,
      })),
    ),
    phaseDeltas: advanced.flatMap(({ chain, advance }) =>
      advance.phaseDeltas.map((delta) => ({ sequenceId: chain.sequenceId, ...delta })),
    ),
  };
}
