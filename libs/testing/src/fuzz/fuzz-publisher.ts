import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type Message, type Producer } from 'kafkajs';
import { FUZZ_ID_HEADER } from './dead-letter-collector';

export interface TaggedMessage {
  fuzzId: string;
  value: Buffer | null;
  key?: string;
}

/** The broker refuses a record batch over message.max.bytes (1 MiB by default): sends stay under it. */
const MAX_SEND_BYTES = 900 * 1024;

/** Publishes raw bytes, each tagged with a fuzz id header so its dead letter can be found. */
export class FuzzPublisher {
  private readonly producer: Producer;

  constructor(brokers: string[] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')) {
    const kafka = new Kafka({ clientId: 'fuzz-publisher', brokers, logLevel: logLevel.NOTHING });
    this.producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
  }

  async start(): Promise<this> {
    await this.producer.connect();
    return this;
  }

  async publish(topic: string, messages: readonly TaggedMessage[]): Promise<void> {
    for (const chunk of bySize(messages)) {
      await this.producer.send({
        topic,
        messages: chunk.map((m): Message => ({
          key: m.key ?? randomUUID(),
          value: m.value,
          headers: { [FUZZ_ID_HEADER]: m.fuzzId },
        })),
      });
    }
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
  }
}

function bySize(messages: readonly TaggedMessage[]): TaggedMessage[][] {
  const chunks: TaggedMessage[][] = [];
  let current: TaggedMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = (message.value?.length ?? 0) + 200;
    if (current.length > 0 && bytes + size > MAX_SEND_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
