import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { inTransaction } from '@stepwise/database';
import type { ConsumedMessage } from '@stepwise/kafka';
import { PG_POOL } from '@stepwise/platform';
import type { AnalyticsMessage, SequencePublishedMessage, TransitionedMessage } from './analytics-message';
import { transitionedReachOut } from './reach-out-fact';
import { transitionedStepRows } from './reactions/enrollment-transitioned.reaction';
import { RecordReachOuts } from './record-reach-outs.use-case';
import { RecordSequenceShapes } from './record-sequence-shapes.use-case';
import { RecordStepFacts } from './record-step-facts.use-case';

/**
 * Applies one consumed batch in one transaction, so a batch is counted entirely or not at all. Every
 * write is idempotent (a row takes only a newer event's facts, reach-out flags only add up), which
 * is what makes the consumer's redelivery after a crash harmless. Lock order is always sequences,
 * then step rows, then counters, then reach outs.
 */
@Injectable()
export class IngestAnalyticsBatch {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly sequenceShapes: RecordSequenceShapes,
    private readonly stepFacts: RecordStepFacts,
    private readonly reachOuts: RecordReachOuts,
  ) {}

  async execute(messages: readonly ConsumedMessage<AnalyticsMessage>[]): Promise<void> {
    const published: SequencePublishedMessage[] = [];
    const transitions: ConsumedMessage<TransitionedMessage>[] = [];
    for (const message of messages) {
      const { envelope } = message;
      if (envelope.type === 'sequence.published') published.push(envelope);
      else transitions.push({ ...message, envelope });
    }
    await inTransaction(this.pool, async (client) => {
      await this.sequenceShapes.execute(client, published);
      await this.stepFacts.execute(client, transitions.flatMap(transitionedStepRows));
      await this.reachOuts.execute(
        client,
        transitions.flatMap((message) => transitionedReachOut(message) ?? []),
      );
    });
  }
}
