import type { Admin, Kafka } from 'kafkajs';

/** High watermark per partition of the halt feed. */
export type FeedEnds = Map<number, string>;

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

  /** Resolves with the feed's end offsets it waited for (see `unchangedSince`). */
  async reached(): Promise<FeedEnds> {
    const deadline = Date.now() + this.options.timeoutMs;
    const ends = await this.ends();
    const { topic, groupId } = this.options;
    // A partition that never held a message has nothing to wait for (its group commits nothing).
    const due = ends.filter((end) => BigInt(end.high) > BigInt(end.low));
    const caughtUp = () => due.every((end) => (this.committed.get(end.partition) ?? -1n) >= BigInt(end.high));
    const result = new Map(ends.map((end) => [end.partition, end.high]));
    for (;;) {
      if (caughtUp()) return result;
      const [offsets] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
      this.committed = new Map((offsets?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      if (caughtUp()) return result;
      if (Date.now() >= deadline) throw barrierTimeout(this.options.timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  /**
   * True when nothing was appended to the feed since `ends` were read: what was looked up after
   * reaching them is still the whole truth now, not only when the look began.
   */
  async unchangedSince(ends: FeedEnds): Promise<boolean> {
    const now = await this.ends();
    return now.every((end) => ends.get(end.partition) === end.high);
  }

  private async ends() {
    await (this.connected ??= this.admin.connect());
    return this.admin.fetchTopicOffsets(this.options.topic);
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
