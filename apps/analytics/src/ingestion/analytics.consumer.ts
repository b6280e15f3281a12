import { Injectable } from '@nestjs/common';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformRuntime } from '@stepwise/platform';
import { ANALYTICS_TOPICS, analyticsMessageSchema, type AnalyticsMessage } from './analytics-message';
import { IngestAnalyticsBatch } from './ingest-analytics-batch.use-case';

/** One consumer group over enrollment's events: each partition's batch is applied in one transaction. */
@Injectable()
export class AnalyticsConsumer extends EnvelopeConsumerHost<AnalyticsMessage> {
  constructor(
    runtime: PlatformRuntime,
    private readonly ingest: IngestAnalyticsBatch,
  ) {
    super(runtime, { name: 'snapshot', topics: ANALYTICS_TOPICS, schema: analyticsMessageSchema });
  }

  protected handleBatch(messages: ConsumedMessage<AnalyticsMessage>[]): Promise<void> {
    return this.ingest.execute(messages);
  }
}
