import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { deadLetterSchema, type DeadLetter } from '@stepwise/contracts';
import { waitFor } from '../wait-for';

/** The header fuzz tests put on every message they publish, kept by the dead letter. */
export const FUZZ_ID_HEADER = 'fuzz-id';

/** Reads a dead-letter topic and files each record under the fuzz id of the message it carries. */
export class DeadLetterCollector {
  private readonly byFuzzId = new Map<string, DeadLetter[]>();
  /** Records that are not dead letters at all, or carry no fuzz id: a test should expect none. */
  readonly strays: string[] = [];
  private readonly consumer: Consumer;

  constructor(
    private readonly topic: string,
    brokers: string[] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  ) {
    const kafka = new Kafka({ clientId: 'dead-letter-collector', brokers, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({
      groupId: `dlq-${process.pid}-${Math.random().toString(36).slice(2)}`,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 10 * 1024 * 1024,
    });
  }

  async start(): Promise<this> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const text = message.value?.toString('utf8') ?? '';
        const parsed = deadLetterSchema.safeParse(safeJson(text));
        const fuzzId = parsed.success ? parsed.data.headers[FUZZ_ID_HEADER] : undefined;
        if (!parsed.success || !fuzzId) {
          this.strays.push(text.slice(0, 500));
          return;
        }
        this.byFuzzId.set(fuzzId, [...(this.byFuzzId.get(fuzzId) ?? []), parsed.data]);
      },
    });
    return this;
  }

  of(fuzzId: string): DeadLetter[] {
    return this.byFuzzId.get(fuzzId) ?? [];
  }

  /** Waits until each id has `perId` dead letters; returns the ids still short when the time is up. */
  async waitForAll(fuzzIds: readonly string[], perId: number, timeoutMs = 60_000): Promise<string[]> {
    const short = () => fuzzIds.filter((id) => this.of(id).length < perId);
    await waitFor(`${fuzzIds.length} dead letters`, () => short().length === 0, { timeoutMs, intervalMs: 200 }).catch(
      () => undefined,
    );
    return short();
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
