import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { Envelope } from '@stepwise/contracts';

export interface TappedMessage {
  topic: string;
  key: string | null;
  envelope: Envelope;
}

/**
 * Reads topics from the beginning into memory, for assertions on what services published.
 * Topic names are given as the cluster sees them (with the test's prefix).
 */
export class TopicTap {
  readonly messages: TappedMessage[] = [];
  private readonly consumer: Consumer;

  constructor(
    private readonly topics: string[],
    brokers: string[] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  ) {
    const kafka = new Kafka({ clientId: 'topic-tap', brokers, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({
      groupId: `tap-${process.pid}-${Math.random().toString(36).slice(2)}`,
      maxWaitTimeInMs: 100,
    });
  }

  async start(): Promise<this> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (!message.value) return;
        this.messages.push({
          topic,
          key: message.key?.toString() ?? null,
          envelope: JSON.parse(message.value.toString()),
        });
      },
    });
    return this;
  }

  of(type: string): TappedMessage[] {
    return this.messages.filter((m) => m.envelope.type === type);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
