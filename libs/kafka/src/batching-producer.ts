import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { Registry } from 'prom-client';
import { Coalescer } from './coalescer';
import { envelopeToRecord } from './envelope-record';
import { producerMetrics, type ProducerMetrics } from './producer-metrics';
import type { OutgoingEnvelope, OutgoingRecord } from './types';

export interface BatchingProducerOptions {
  /** Wait this long for other publish calls to join a batch. Default 2 ms. */
  lingerMs?: number;
  /** Most messages in one sendBatch. Default 1000. */
  maxBatchSize?: number;
  /**
   * Most value+key bytes in one sendBatch. Default 800 kB: the broker refuses a record batch
   * over message.max.bytes (1 MiB by default) and kafkajs puts a partition's share in one batch.
   */
  maxBatchBytes?: number;
  /** kafkajs's idempotent producer (no duplicates from its own retries). Default true. */
  idempotent?: boolean;
  compression?: CompressionTypes;
  /** Broker-side wait for acks, per request. Default 30 s. */
  ackTimeoutMs?: number;
  /** How long disconnect() waits for pending messages before giving up on them. Default 30 s. */
  flushTimeoutMs?: number;
  registry?: Registry;
}

/**
 * Produces envelopes in batches: concurrent publish() calls are coalesced into one sendBatch
 * across topics, so a hot path never pays one broker round trip per message. publish()
 * resolves only once the broker has acknowledged (acks = -1, all in-sync replicas).
 */
export class BatchingProducer {
  private readonly producer: Producer;
  private readonly coalescer: Coalescer<OutgoingRecord>;
  private readonly metrics: ProducerMetrics;
  private closing = false;

  constructor(
    kafka: Kafka,
    private readonly options: BatchingProducerOptions = {},
  ) {
    const idempotent = options.idempotent ?? true;
    this.producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent,
      // Unlimited retries is what kafkajs requires of an idempotent producer (it warns otherwise);
      // the retry time of each attempt stays capped by the client's retry policy.
      ...(idempotent ? { retry: { retries: Number.MAX_SAFE_INTEGER } } : {}),
      allowAutoTopicCreation: false,
    });
    this.metrics = producerMetrics(options.registry);
    this.coalescer = new Coalescer<OutgoingRecord>({
      lingerMs: options.lingerMs ?? 2,
      maxItems: options.maxBatchSize ?? 1000,
      maxBytes: options.maxBatchBytes ?? 800_000,
      sizeOf: recordBytes,
      send: (records) => this.sendBatch(records),
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  /** Publishes envelopes; resolves when all of them are acknowledged, rejects if any batch failed. */
  publish(messages: readonly OutgoingEnvelope[]): Promise<void> {
    return this.publishRecords(messages.map(envelopeToRecord));
  }

  /** Publishes ready-made records (dead letters and other non-envelope messages) through the same batches. */
  publishRecords(records: readonly OutgoingRecord[]): Promise<void> {
    if (this.closing) return Promise.reject(new Error('BatchingProducer is disconnecting'));
    return this.coalescer.add(records);
  }

  /** Sends what is pending first, so a graceful shutdown loses nothing that was accepted. */
  async disconnect(): Promise<void> {
    this.closing = true;
    const timeoutMs = this.options.flushTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    try {
      await Promise.race([this.coalescer.flush(), timedOut]);
    } finally {
      clearTimeout(timer);
      this.coalescer.abandon(new Error(`BatchingProducer disconnected with messages unsent after ${timeoutMs} ms`));
      await this.producer.disconnect();
    }
  }

  private async sendBatch(records: OutgoingRecord[]): Promise<void> {
    const topicMessages = groupByTopic(records);
    this.metrics.batchSize.observe(records.length);
    try {
      await this.producer.sendBatch({
        topicMessages,
        acks: -1,
        timeout: this.options.ackTimeoutMs ?? 30_000,
        compression: this.options.compression ?? CompressionTypes.None,
      });
    } catch (error) {
      this.metrics.sendErrors.inc();
      throw error;
    }
    for (const { topic, messages } of topicMessages) this.metrics.produced.inc({ topic }, messages.length);
  }
}

/** Keeps each topic's messages in publish order: kafkajs appends them to a partition in that order. */
export function groupByTopic(records: readonly OutgoingRecord[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const record of records) {
    let messages = byTopic.get(record.topic);
    if (!messages) byTopic.set(record.topic, (messages = []));
    messages.push({ key: record.key, value: record.value, headers: record.headers });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Approximate size for batch limits; headers are small and a rough count is enough. */
function recordBytes(record: OutgoingRecord): number {
  return Buffer.byteLength(record.value) + (record.key ? Buffer.byteLength(record.key) : 0) + 64;
}
