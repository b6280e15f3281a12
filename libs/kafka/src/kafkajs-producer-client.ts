import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { ProducerClient } from './producer-client';
import type { OutgoingRecord } from './types';

export interface KafkajsProducerClientOptions {
  idempotent?: boolean;
  compression?: CompressionTypes;
  /** Broker-side wait for acks, per request. */
  ackTimeoutMs: number;
}

/** BatchingProducer's client on kafkajs: one sendBatch per batch. */
export class KafkajsProducerClient implements ProducerClient {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly options: KafkajsProducerClientOptions,
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
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    await this.producer.sendBatch({
      topicMessages: groupByTopic(records),
      acks: -1,
      timeout: this.options.ackTimeoutMs,
      compression: this.options.compression ?? CompressionTypes.None,
    });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
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
