import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { ZodType } from 'zod';
import { Topics } from '@stepwise/contracts';
import { EnvelopeConsumer, type ConsumedMessage, type EnvelopeConsumerOptions } from '@stepwise/kafka';
import type { PlatformRuntime } from './platform-runtime';

export interface ConsumerHostOptions<E> {
  /** Distinguishes this consumer's group from the service's other consumers. */
  name: string;
  topics: string[];
  schema: ZodType<E>;
  tuning?: Pick<
    EnvelopeConsumerOptions<E>,
    'retry' | 'maxWaitTimeInMs' | 'partitionsConsumedConcurrently' | 'maxBytesPerPartition'
  >;
}

/** A consumer's Kafka group; autoscalers (deploy/k8s ScaledObjects) read the lag of this group. */
export function consumerGroupId(groupPrefix: string, service: string, consumer: string): string {
  return `${groupPrefix}.${service}.${consumer}`;
}

/**
 * Base of every `*.consumer.ts`: joins the group once the application is up and leaves it first
 * on shutdown, after the in-flight batch is handled and committed. Handlers see contract topic names.
 */
export abstract class EnvelopeConsumerHost<E> implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: EnvelopeConsumer<E>;

  protected constructor(runtime: PlatformRuntime, options: ConsumerHostOptions<E>) {
    const { topics, config } = runtime;
    this.consumer = new EnvelopeConsumer<E>({
      kafka: runtime.kafka,
      groupId: consumerGroupId(config.KAFKA_GROUP_PREFIX, runtime.service, options.name),
      topics: options.topics.map((t) => topics.name(t)),
      schema: options.schema,
      deadLetter: runtime.producer,
      deadLetterTopic: topics.name(Topics.deadLetter),
      logger: runtime.logger,
      registry: runtime.metrics,
      handleBatch: (messages) => this.handleBatch(messages.map((m) => ({ ...m, topic: topics.contractName(m.topic) }))),
      maxWaitTimeInMs: config.KAFKA_CONSUMER_MAX_WAIT_MS,
      ...options.tuning,
    });
    runtime.health.register(`consumer:${options.name}`, async () => {
      if (!this.consumer.isHealthy()) throw new Error(`consumer ${options.name} has stopped consuming`);
    });
  }

  protected abstract handleBatch(messages: ConsumedMessage<E>[]): Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
