import type { Registry } from 'prom-client';
import { counter, gauge } from './metrics';

export const ConsumerMetricNames = {
  consumed: 'stepwise_kafka_messages_consumed_total',
  deadLettered: 'stepwise_kafka_messages_dead_lettered_total',
  handlerRetries: 'stepwise_kafka_handler_retries_total',
  lag: 'stepwise_kafka_consumer_lag',
} as const;

export function consumerMetrics(registry?: Registry) {
  return {
    consumed: counter(registry, ConsumerMetricNames.consumed, 'Messages handled and committed', ['group', 'topic']),
    deadLettered: counter(
      registry,
      ConsumerMetricNames.deadLettered,
      'Messages sent to the dead-letter topic; reason is one of empty_value, invalid_json, schema, handler_failed',
      ['group', 'topic', 'reason'],
    ),
    handlerRetries: counter(registry, ConsumerMetricNames.handlerRetries, 'Handler calls repeated after a failure', [
      'group',
      'topic',
    ]),
    lag: gauge(
      registry,
      ConsumerMetricNames.lag,
      'Messages behind the high watermark after the last batch of a partition (as of its fetch)',
      ['group', 'topic', 'partition'],
    ),
  };
}

export type ConsumerMetrics = ReturnType<typeof consumerMetrics>;
