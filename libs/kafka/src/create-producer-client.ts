import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { KafkajsProducerClient } from './kafkajs-producer-client';
import type { ProducerClient, ProducerClientKind } from './producer-client';
import { RdkafkaProducerClient } from './rdkafka-producer-client';

export interface CreateProducerClientOptions {
  kind: ProducerClientKind;
  /** The service's kafkajs client (consumers and admin stay on it). */
  kafka: Kafka;
  brokers: readonly string[];
  clientId: string;
  logger?: Logger;
  /** How long a message may take to be acked, retries included, before its batch fails. Default 60 s. */
  deliveryTimeoutMs?: number;
}

/** The producer client a service's BatchingProducer sends through (KAFKA_PRODUCER_CLIENT). */
export function createProducerClient(options: CreateProducerClientOptions): ProducerClient {
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 60_000;
  if (options.kind === 'kafkajs') return new KafkajsProducerClient(options.kafka, { ackTimeoutMs: 30_000 });
  return new RdkafkaProducerClient({
    brokers: options.brokers,
    clientId: options.clientId,
    deliveryTimeoutMs,
    logger: options.logger,
  });
}
