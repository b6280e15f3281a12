import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { inTransaction } from '@stepwise/database';
import type { ConsumedMessage } from '@stepwise/kafka';
import { PG_POOL } from '@stepwise/platform';
import type {
  AnalyticsMessage,
  SequencePublishedMessage,
  StatusChangedMessage,
  StepOutcomeMessage,
  StepReachedMessage,
  StepResolvedMessage,
} from './analytics-message';
import { statusChangedFact, statusChangedHalt } from './reactions/status-changed.reaction';
import { stepOutcomeFact } from './reactions/step-outcome.reaction';
import { stepReachedFact } from './reactions/step-reached.reaction';
import { stepResolvedFact } from './reactions/step-resolved.reaction';
import { statusChangedReachOut, stepOutcomeReachOut, stepReachedReachOut } from './reach-out-fact';
import { RecordReachOuts } from './record-reach-outs.use-case';
import { RecordSequenceShapes } from './record-sequence-shapes.use-case';
import { RecordStepFacts } from './record-step-facts.use-case';
import { TrackEnrollmentPositions } from './track-enrollment-positions.use-case';

/**
 * Applies one consumed batch in one transaction, so a batch is counted entirely or not at all. Every
 * write is idempotent, which is what makes the consumer's redelivery after a crash harmless. Lock
 * order is always sequences, then positions, then step rows, then counters, then reach outs.
 */
@Injectable()
export class IngestAnalyticsBatch {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly sequenceShapes: RecordSequenceShapes,
    private readonly positions: TrackEnrollmentPositions,
    private readonly stepFacts: RecordStepFacts,
    private readonly reachOuts: RecordReachOuts,
  ) {}

  async execute(messages: readonly ConsumedMessage<AnalyticsMessage>[]): Promise<void> {
    const published: SequencePublishedMessage[] = [];
    const statusChanges: ConsumedMessage<StatusChangedMessage>[] = [];
    const reached: ConsumedMessage<StepReachedMessage>[] = [];
    const resolved: StepResolvedMessage[] = [];
    const outcomes: StepOutcomeMessage[] = [];
    for (const message of messages) {
      const { envelope } = message;
      if (envelope.type === 'sequence.published') published.push(envelope);
      else if (envelope.type === 'enrollment.status-changed') statusChanges.push({ ...message, envelope });
      else if (envelope.type === 'enrollment.step-reached') reached.push({ ...message, envelope });
      else if (envelope.type === 'enrollment.step-resolved') resolved.push(envelope);
      else outcomes.push(envelope);
    }
    const facts = [
      ...reached.map(({ envelope }) => stepReachedFact(envelope)),
      ...resolved.map(stepResolvedFact),
      ...outcomes.map(stepOutcomeFact),
      ...statusChanges.flatMap(({ envelope }) => statusChangedFact(envelope) ?? []),
      ...statusChanges.flatMap(({ envelope }) => statusChangedHalt(envelope) ?? []),
    ];
    const reachOuts = [
      ...reached.map(stepReachedReachOut),
      ...outcomes.map(stepOutcomeReachOut),
      ...statusChanges.flatMap(({ envelope }) => statusChangedReachOut(envelope) ?? []),
    ];
    await inTransaction(this.pool, async (client) => {
      await this.sequenceShapes.execute(client, published);
      const moved = await this.positions.execute(client, statusChanges);
      await this.stepFacts.execute(client, [...facts, ...moved.facts], moved.phaseDeltas);
      await this.reachOuts.execute(client, reachOuts);
    });
  }
}
