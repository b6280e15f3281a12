import type { Logger } from 'pino';
import type { ProducerClient } from './producer-client';
import type { OutgoingRecord } from './types';

// Loaded when first used, so a process on the kafkajs client never loads the native module.
type RdKafka = typeof import('@confluentinc/kafka-javascript');
type RdProducer = InstanceType<RdKafka['Producer']>;
type MessageHeader = { [key: string]: string | Buffer };

export interface RdkafkaProducerClientOptions {
  brokers: readonly string[];
  clientId: string;
  /** How long librdkafka keeps retrying one message (broker restarts, leader moves) before failing it. */
  deliveryTimeoutMs: number;
  /** librdkafka's own linger; BatchingProducer already coalesces, so this stays short. */
  lingerMs?: number;
  logger?: Logger;
}

interface BatchTicket {
  outstanding: number;
  error: Error | undefined;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * BatchingProducer's client on librdkafka (@confluentinc/kafka-javascript, built from source):
 * the record batches are encoded and sent by librdkafka's native threads, which costs well under
 * half of kafkajs's CPU per message (docs/benchmarks.md). Idempotent with acks = all, so its
 * internal retries add no duplicates and keep per-partition order; keys are hashed with murmur2
 * as Java clients and kafkajs's default partitioner do, so a key lands on the same partition
 * whichever client produced it. Delivery reports are polled on a native background thread, so
 * an idle producer costs nothing in JavaScript.
 */
export class RdkafkaProducerClient implements ProducerClient {
  private producer: RdProducer | undefined;

  constructor(private readonly options: RdkafkaProducerClientOptions) {}

  async connect(): Promise<void> {
    const { Producer } = require('@confluentinc/kafka-javascript') as RdKafka;
    const producer = new Producer({
      'bootstrap.servers': this.options.brokers.join(','),
      'client.id': this.options.clientId,
      'enable.idempotence': true,
      acks: -1,
      dr_cb: true,
      partitioner: 'murmur2_random',
      'linger.ms': this.options.lingerMs ?? 1,
      'message.timeout.ms': this.options.deliveryTimeoutMs,
      'socket.keepalive.enable': true,
    });
    producer.on('delivery-report', (error, report) => {
      const ticket = (report as { opaque?: BatchTicket }).opaque;
      if (ticket) settle(ticket, error ? new Error(`Kafka delivery failed: ${error.message}`) : undefined);
    });
    producer.on('event.error', (error) => {
      // Broker connection losses are reported here and retried by librdkafka itself.
      this.options.logger?.warn({ err: error, component: 'librdkafka' }, 'kafka producer error');
    });
    await new Promise<void>((resolve, reject) =>
      producer.connect({ timeout: 30_000 }, (error) => (error ? reject(error) : resolve())),
    );
    producer.setPollInBackground(true);
    this.producer = producer;
  }

  send(records: readonly OutgoingRecord[]): Promise<void> {
    const producer = this.producer;
    if (!producer) return Promise.reject(new Error('Kafka producer is not connected'));
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const ticket: BatchTicket = { outstanding: records.length, error: undefined, resolve, reject };
      for (const record of records) {
        try {
          producer.produce(
            record.topic,
            null,
            Buffer.from(record.value),
            record.key ?? undefined,
            null,
            ticket,
            record.headers ? headerList(record.headers) : undefined,
          );
        } catch (error) {
          // Not queued (e.g. the local queue is full): the batch fails and the caller retries it.
          settle(ticket, error instanceof Error ? error : new Error(String(error)));
        }
      }
    });
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    if (!producer) return;
    this.producer = undefined;
    await new Promise<void>((resolve) => producer.flush(this.options.deliveryTimeoutMs, () => resolve()));
    await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
  }
}

function settle(ticket: BatchTicket, error: Error | undefined): void {
  if (error && !ticket.error) {
    ticket.error = error;
    ticket.reject(error);
  }
  if (--ticket.outstanding === 0 && !ticket.error) ticket.resolve();
}

function headerList(headers: Record<string, string>): MessageHeader[] {
  const list: MessageHeader[] = [];
  for (const name in headers) list.push({ [name]: headers[name] as string });
  return list;
}
