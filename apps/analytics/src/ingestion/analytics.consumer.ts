import { Injectable } from '@nestjs/common';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformRuntime } from '@stepwise/platform';
import { ANALYTICS_TOPICS, analyticsMessageSchema, type AnalyticsMessage } from './analytics-message';
import { MergedIngestion } from './merged-ingestion';

/**
 * Every partition the instance holds (4 topics x their partitions) is handled at once, so that the
 * batches of one fetch merge into one transaction (see MergedIngestion).
 */
const PARTITIONS_AT_ONCE = 64;

/** One consumer group over the enrollment events and the three channels' outcomes. */
@Injectable()
export class AnalyticsConsumer extends EnvelopeConsumerHost<AnalyticsMessage> {
  constructor(
    runtime: PlatformRuntime,
    private readonly ingestion: MergedIngestion,
  ) {
    super(runtime, {
      name: 'snapshot',
      topics: ANALYTICS_TOPICS,
      schema: analyticsMessageSchema,
      tuning: { partitionsConsumedConcurrently: PARTITIONS_AT_ONCE },
    });
  }

  protected handleBatch(messages: ConsumedMessage<AnalyticsMessage>[]): Promise<void> {
    return this.ingestion.apply(messages);
  }
}
