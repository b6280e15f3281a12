import type { Envelope } from '@stepwise/contracts';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ZodType } from 'zod';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import type { BatchingProducer } from './batching-producer';
import { consumerMetrics, type ConsumerMetrics } from './consumer-metrics';
import { buildDeadLetter, deadLetterRecord } from './dead-letter';
import { decodeMessage, errorMessage, type Rejection } from './decode-message';
import { isTransientError } from './transient-error';
import { isolatePoison, type IsolationOutcome } from './isolate-poison';
import { runWithRetry, type RetryHooks } from './retry';
import type { ConsumedMessage } from './types';

export interface EnvelopeConsumerOptions<E> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** Every message on these topics must match it (usually a union of the topics' message schemas). */
  schema: ZodType<E>;
  /** Receives the valid messages of one partition's batch, in offset order. Must be idempotent. */
  handleBatch: (messages: ConsumedMessage<E>[]) => Promise<void>;
  deadLetter: BatchingProducer;
  /** Defaults to Topics.deadLetter. */
  deadLetterTopic?: string;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** Where a group with no committed offset starts. Default true: nothing published before the first deploy is skipped. */
  fromBeginning?: boolean;
  /** Longest a fetch waits for data; also bounds how long stop() takes. Default 1000. */
  maxWaitTimeInMs?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  /** Default 1. More lets a slow handler work on several partitions at once. */
  partitionsConsumedConcurrently?: number;
  maxBytesPerPartition?: number;
  registry?: Registry;
}

type Rejected = { raw: KafkaMessage; rejection: Rejection };

/**
 * Consumes envelopes with at-least-once delivery: a batch's offsets are committed only after its
 * valid messages were handled and its invalid ones were acknowledged by the dead-letter topic.
 * A message that cannot be handled never blocks its partition: it is dead-lettered and the
 * consumer moves on.
 */
export class EnvelopeConsumer<E = Envelope> {
  private readonly consumer: Consumer;
  private readonly policy: RetryPolicy;
  private readonly metrics: ConsumerMetrics;
  private readonly logger: Logger;
  private readonly stopSignal = new AbortController();
  private stopping = false;
  private crashed: Error | undefined;

  constructor(private readonly options: EnvelopeConsumerOptions<E>) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.metrics = consumerMetrics(options.registry);
    this.logger = options.logger.child({ component: 'envelope-consumer', groupId: options.groupId });
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 1_000,
      sessionTimeout: options.sessionTimeout ?? 30_000,
      heartbeatInterval: options.heartbeatInterval ?? 3_000,
      maxBytesPerPartition: options.maxBytesPerPartition,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => this.onCrash(event.payload.error, event.payload.restart));
  }

  /** Resolves once the consumer joined its group; topics must exist (see ensureTopics). */
  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /**
   * Lets the in-flight handler call finish and commits it, cuts short any retry backoff (that
   * batch stays uncommitted and is redelivered to whoever gets the partition), leaves the group.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    await this.consumer.disconnect();
  }

  /** False after kafkajs gave up on the consumer without restarting it; wire to readiness. */
  isHealthy(): boolean {
    return this.crashed === undefined;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const origin = { topic: batch.topic, partition: batch.partition };
    const valid: ConsumedMessage<E>[] = [];
    const rejected: Rejected[] = [];
    for (const raw of batch.messages) {
      const decoded = decodeMessage(this.options.schema, origin, raw);
      if (decoded.ok) valid.push(decoded.message);
      else rejected.push({ raw, rejection: decoded.rejection });
    }

    const outcome = await this.handle(valid, this.retryHooks(payload));
    if (outcome.status === 'aborted') {
      // Stopping or the partition moved: whoever consumes it next gets this batch again.
      this.logger.info(
        { ...origin, firstOffset: batch.firstOffset() },
        'batch abandoned before completion, not committed',
      );
      return;
    }
    rejected.push(...poisonedToRejected(outcome.poisoned, batch.messages));
    await this.sendDeadLetters(origin, rejected);
    await this.commit(payload);
    this.metrics.consumed.inc(
      { group: this.options.groupId, topic: batch.topic },
      valid.length - outcome.poisoned.length,
    );
    this.metrics.lag.set(
      { group: this.options.groupId, topic: batch.topic, partition: batch.partition },
      Number(batch.offsetLag()),
    );
  }

  /** The whole batch with retries first; only if that keeps failing, the search for the poison. */
  private async handle(valid: ConsumedMessage<E>[], hooks: RetryHooks): Promise<IsolationOutcome<ConsumedMessage<E>>> {
    if (valid.length === 0) return { status: 'done', poisoned: [] };
    let whole = await runWithRetry(() => this.options.handleBatch(valid), this.policy, hooks);
    while (whole.status === 'failed' && isTransientError(whole.error)) {
      this.logger.error(
        { topic: valid[0]?.topic, err: whole.error },
        'dependency unavailable, retrying the batch until it answers',
      );
      whole = await runWithRetry(() => this.options.handleBatch(valid), this.policy, hooks);
    }
    if (whole.status === 'ok') return { status: 'done', poisoned: [] };
    if (whole.status === 'aborted') return whole;
    this.logger.error(
      { topic: valid[0]?.topic, partition: valid[0]?.partition, size: valid.length, err: whole.error },
      'handler failed on every retry, isolating the poisoned messages',
    );
    return isolatePoison(valid, this.options.handleBatch, this.policy, hooks);
  }

  private retryHooks(payload: EachBatchPayload): RetryHooks {
    const topic = payload.batch.topic;
    return {
      shouldContinue: () => !this.stopping && payload.isRunning() && !payload.isStale(),
      // A rebalance error here propagates on purpose: kafkajs rejoins and the batch is redelivered.
      heartbeat: () => payload.heartbeat(),
      signal: this.stopSignal.signal,
      onRetry: (retry, error) => {
        this.metrics.handlerRetries.inc({ group: this.options.groupId, topic });
        this.logger.warn({ topic, partition: payload.batch.partition, retry, err: error }, 'handler failed, retrying');
      },
    };
  }

  /** Must be acknowledged before the commit, or a crash in between would lose the message for good. */
  private async sendDeadLetters(origin: { topic: string; partition: number }, rejected: Rejected[]): Promise<void> {
    if (rejected.length === 0) return;
    const context = { ...origin, consumerGroup: this.options.groupId, now: new Date() };
    const records = rejected
      .sort((a, b) => compareOffsets(a.raw.offset, b.raw.offset))
      .map(({ raw, rejection }) => {
        this.logger.warn({ ...origin, offset: raw.offset, reason: rejection.reason }, 'message dead-lettered');
        this.metrics.deadLettered.inc({ group: this.options.groupId, topic: origin.topic, reason: rejection.kind });
        return deadLetterRecord(buildDeadLetter(raw, rejection, context), rejection.kind, this.options.deadLetterTopic);
      });
    await this.options.deadLetter.publishRecords(records);
  }

  /**
   * Commits through the batch payload rather than consumer.commitOffsets(): the latter silently
   * does nothing once stop() has begun, which would drop the commit of the batch stop() waited for.
   */
  private async commit(payload: EachBatchPayload): Promise<void> {
    const { topic, partition } = payload.batch;
    const last = payload.batch.lastOffset();
    payload.resolveOffset(last);
    const next = (BigInt(last) + 1n).toString();
    await payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
    await payload.heartbeat();
  }

  private onCrash(error: Error, restart: boolean): void {
    this.logger.error({ err: error, restart }, 'kafka consumer crashed');
    if (!restart && !this.stopping) this.crashed = error;
  }
}

function poisonedToRejected<E>(
  poisoned: { item: ConsumedMessage<E>; error: unknown }[],
  rawMessages: KafkaMessage[],
): Rejected[] {
  const byOffset = new Map(rawMessages.map((raw) => [raw.offset, raw]));
  return poisoned.flatMap(({ item, error }) => {
    const raw = byOffset.get(item.offset);
    const rejection: Rejection = { kind: 'handler_failed', reason: `handler failed: ${errorMessage(error)}` };
    if (error instanceof Error && error.stack) rejection.details = error.stack;
    return raw ? [{ raw, rejection }] : [];
  });
}

function compareOffsets(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}
