import type { CompressionTypes, Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { Coalescer } from './coalescer';
import { envelopeToRecord } from './envelope-record';
import { KafkajsProducerClient } from './kafkajs-producer-client';
import type { ProducerClient } from './producer-client';
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
  private readonly client: ProducerClient;
  private readonly coalescer: Coalescer<OutgoingRecord>;
  private readonly metrics: ProducerMetrics;
  private closing = false;

  /** `clientOrKafka`: a ProducerClient (see createProducerClient), or a kafkajs client to produce with. */
  constructor(
    clientOrKafka: ProducerClient | Kafka,
    private readonly options: BatchingProducerOptions = {},
  ) {
    this.client =
      'send' in clientOrKafka
        ? clientOrKafka
        : new KafkajsProducerClient(clientOrKafka, {
            idempotent: options.idempotent,
            compression: options.compression,
            ackTimeoutMs: options.ackTimeoutMs ?? 30_000,
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
    await this.client.connect();
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
      await this.client.disconnect();
    }
  }

  private async sendBatch(records: OutgoingRecord[]): Promise<void> {
    this.metrics.batchSize.observe(records.length);
    try {
      await this.client.send(records);
    } catch (error) {
      this.metrics.sendErrors.inc();
      throw error;
    }
    const perTopic = new Map<string, number>();
    for (const { topic } of records) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
    for (const [topic, count] of perTopic) this.metrics.produced.inc({ topic }, count);
  }
}

/** Approximate size for batch limits; headers are small and a rough count is enough. */
function recordBytes(record: OutgoingRecord): number {
  return Buffer.byteLength(record.value) + (record.key ? Buffer.byteLength(record.key) : 0) + 64;
}
