import type { Registry } from 'prom-client';
import { counter, histogram } from './metrics';

export const ProducerMetricNames = {
  produced: 'stepwise_kafka_messages_produced_total',
  sendErrors: 'stepwise_kafka_producer_send_errors_total',
  batchSize: 'stepwise_kafka_producer_batch_size',
} as const;

export function producerMetrics(registry?: Registry) {
  return {
    produced: counter(registry, ProducerMetricNames.produced, 'Messages acknowledged by the broker', ['topic']),
    sendErrors: counter(
      registry,
      ProducerMetricNames.sendErrors,
      'sendBatch calls that failed after kafkajs retries',
      [],
    ),
    batchSize: histogram(
      registry,
      ProducerMetricNames.batchSize,
      'Messages per sendBatch call',
      [],
      [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
    ),
  };
}

export type ProducerMetrics = ReturnType<typeof producerMetrics>;
