import type { Admin, Kafka } from 'kafkajs';

export interface HaltFeedBarrierOptions {
  kafka: Kafka;
  /** The halt feed's topic as named on the broker. */
  topic: string;
  /** The group of the channel's halt consumer, shared by all its instances. */
  groupId: string;
  /** Longest wait for the consumer to catch up before the caller's batch is retried. */
  timeoutMs: number;
  pollMs?: number;
}

/**
 * The read barrier of the send path's last look: resolves once the channel's halt consumer group
 * has committed every halt message that was on the feed when it was called. Offsets are committed
 * after the rows are written, so the channel's table then holds every halt the enrollment service
 * had published by then: a stop the API has answered is on the feed, hence in the table.
 * Committed offsets are the group's, so it does not matter which instance holds which partition.
 */
export class HaltFeedBarrier {
  private readonly admin: Admin;
  private connected: Promise<void> | null = null;
  private readonly pollMs: number;
  /** Committed offsets seen last: they only grow, so ends below them need no second request. */
  private committed = new Map<number, bigint>();

  constructor(private readonly options: HaltFeedBarrierOptions) {
    this.admin = options.kafka.admin();
    this.pollMs = options.pollMs ?? 5;
  }

  async reached(): Promise<void> {
    const deadline = Date.now() + this.options.timeoutMs;
    await (this.connected ??= this.admin.connect());
    const { topic, groupId } = this.options;
    const ends = await this.admin.fetchTopicOffsets(topic);
    // A partition that never held a message has nothing to wait for (its group commits nothing).
    const due = ends.filter((end) => BigInt(end.high) > BigInt(end.low));
    const caughtUp = () => due.every((end) => (this.committed.get(end.partition) ?? -1n) >= BigInt(end.high));
    for (;;) {
      if (caughtUp()) return;
      const [offsets] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
      this.committed = new Map((offsets?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      if (caughtUp()) return;
      if (Date.now() >= deadline) throw barrierTimeout(this.options.timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect();
  }
}

/** Marked as an outage (ETIMEDOUT): the step-due batch is retried, never dead-lettered. */
function barrierTimeout(ms: number): Error {
  return Object.assign(new Error(`the halt feed consumer did not catch up within ${ms} ms; nothing was sent`), {
    code: 'ETIMEDOUT',
  });
}
