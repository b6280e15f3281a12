import { Inject, Injectable } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Envelope } from '@stepwise/contracts';
import { BatchingProducer, createProducerClient } from '@stepwise/kafka';
import { HealthRegistry, MetricsRegistry } from '@stepwise/observability';
import { KAFKA, LOGGER, SERVICE_CONFIG, SERVICE_NAME } from './tokens';
import type { PlatformConfig } from './service-config';
import { TopicNamespace } from './topic-namespace';

/** What a service's Kafka code needs, in one injectable: client, producer, names, logger, metrics. */
@Injectable()
export class PlatformRuntime {
  readonly producer: BatchingProducer;
  readonly topics: TopicNamespace;

  constructor(
    @Inject(SERVICE_NAME) readonly service: string,
    @Inject(KAFKA) readonly kafka: Kafka,
    @Inject(SERVICE_CONFIG) readonly config: PlatformConfig,
    @Inject(LOGGER) readonly logger: Logger,
    readonly metrics: MetricsRegistry,
    readonly health: HealthRegistry,
  ) {
    const client = createProducerClient({
      kind: config.KAFKA_PRODUCER_CLIENT,
      kafka,
      brokers: config.KAFKA_BROKERS,
      clientId: service,
      logger,
    });
    this.producer = new BatchingProducer(client, { registry: metrics });
    this.topics = new TopicNamespace(config.KAFKA_TOPIC_PREFIX);
  }

  /** Publishes envelopes under their contract topic names; resolves once the broker acked them all. */
  publish(messages: readonly { topic: string; envelope: Envelope }[]): Promise<void> {
    return this.producer.publish(messages.map((m) => ({ topic: this.topics.name(m.topic), envelope: m.envelope })));
  }
}
