import type { OutgoingRecord } from './types';

/**
 * The wire client under BatchingProducer: sends one batch and resolves once the broker acked all
 * of it (acks = all, idempotent). Two implementations, so the client can be chosen by measurement
 * (docs/benchmarks.md) without touching a service.
 */
export interface ProducerClient {
  connect(): Promise<void>;
  /** Records in publish order; each topic's records reach their partitions in that order. */
  send(records: readonly OutgoingRecord[]): Promise<void>;
  /** Flushes what the client still buffers, then closes. */
  disconnect(): Promise<void>;
}

/** Which client BatchingProducer uses: librdkafka (native) or kafkajs (pure JavaScript). */
export type ProducerClientKind = 'librdkafka' | 'kafkajs';
export const PRODUCER_CLIENT_KINDS: readonly ProducerClientKind[] = ['librdkafka', 'kafkajs'];
