import { Injectable } from '@nestjs/common';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformRuntime } from '@stepwise/platform';
import { ANALYTICS_TOPICS, analyticsMessageSchema, type AnalyticsMessage } from './analytics-message';
import { IngestAnalyticsBatch } from './ingest-analytics-batch.use-case';

/**
 * Partitions handled at once: while one batch's transaction commits, the next ones are parsed and
 * sent. They meet only on the few step_metric rows of a sequence, which every statement writes in
 * key order at its end, so they wait briefly and never deadlock.
 */
const PARTITIONS_AT_ONCE = 4;

/** One consumer group over enrollment's events: each partition's batch is applied in one transaction. */
@Injectable()
export class AnalyticsConsumer extends EnvelopeConsumerHost<AnalyticsMessage> {
  constructor(
    runtime: PlatformRuntime,
    private readonly ingest: IngestAnalyticsBatch,
  ) {
    super(runtime, {
      name: 'snapshot',
      topics: ANALYTICS_TOPICS,
      schema: analyticsMessageSchema,
      tuning: { partitionsConsumedConcurrently: PARTITIONS_AT_ONCE },
    });
  }

  protected handleBatch(messages: ConsumedMessage<AnalyticsMessage>[]): Promise<void> {
    return this.ingest.execute(messages);
  }
}
