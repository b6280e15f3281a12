import { Injectable } from '@nestjs/common';
import { Coalescer, type ConsumedMessage } from '@stepwise/kafka';
import type { AnalyticsMessage } from './analytics-message';
import { IngestAnalyticsBatch } from './ingest-analytics-batch.use-case';

/** One partition's batch waiting to be applied, and why it failed if it did. */
interface PartitionBatch {
  messages: readonly ConsumedMessage<AnalyticsMessage>[];
  failure?: { error: unknown };
}

/** Enough partitions' batches to fill one fetch of every partition the consumer holds. */
const MAX_BATCHES = 64;
const MAX_MESSAGES = 50_000;
/** Batches of one fetch reach the handler within a few milliseconds of each other. */
const LINGER_MS = 5;

/**
 * Applies the batches that the consumer's partitions hand over at the same time in one transaction.
 * A recipient's step-reached (enrollment topic) and its outcomes (channel topics) then usually meet
 * in one batch and fold into one row write, each counter row is written once per transaction instead
 * of once per partition, and only one transaction holds the hot counter rows at a time.
 *
 * A merged transaction that fails is retried batch by batch, so a poisoned message fails only the
 * batch it came in: the consumer's retries and poison isolation then work on that batch alone.
 */
@Injectable()
export class MergedIngestion {
  private readonly coalescer = new Coalescer<PartitionBatch>({
    lingerMs: LINGER_MS,
    maxItems: MAX_BATCHES,
    maxBytes: MAX_MESSAGES,
    sizeOf: (batch) => batch.messages.length,
    send: (batches) => this.applyMerged(batches),
  });

  constructor(private readonly ingest: IngestAnalyticsBatch) {}

  async apply(messages: readonly ConsumedMessage<AnalyticsMessage>[]): Promise<void> {
    const batch: PartitionBatch = { messages };
    await this.coalescer.add([batch]);
    if (batch.failure) throw batch.failure.error;
  }

  private async applyMerged(batches: PartitionBatch[]): Promise<void> {
    if (batches.length === 1) return this.ingest.execute((batches[0] as PartitionBatch).messages);
    try {
      await this.ingest.execute(batches.flatMap((batch) => batch.messages));
    } catch {
      for (const batch of batches) {
        await this.ingest.execute(batch.messages).catch((error: unknown) => (batch.failure = { error }));
      }
    }
  }
}
