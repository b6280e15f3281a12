export interface CoalescerOptions<T> {
  /** How long the first waiting item may wait for company before its batch goes out. */
  lingerMs: number;
  /** Most items in one send. */
  maxItems: number;
  /** Most bytes (as reported by sizeOf) in one send; a single larger item still goes alone. */
  maxBytes: number;
  sizeOf: (item: T) => number;
  /** Sends one batch; at most one call runs at a time. */
  send: (items: T[]) => Promise<void>;
}

interface Ticket {
  outstanding: number;
  failed: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Entry<T> {
  item: T;
  bytes: number;
  ticket: Ticket;
  enqueuedAt: number;
}

/**
 * Collects items from many concurrent callers into few sends. Each `add` resolves once every one
 * of its items was sent, and rejects as soon as one of its batches failed.
 *
 * Only one send is in flight at a time. That keeps per-key order across batches (a later batch
 * cannot overtake an earlier one) and is what kafkajs's idempotent producer needs anyway: it
 * serialises produce requests per broker. While a send is in flight the next batch fills up, so
 * under load batches grow on their own and the linger only matters when traffic is light.
 */
export class Coalescer<T> {
  private pending: Entry<T>[] = [];
  private pendingBytes = 0;
  private draining: Promise<void> | undefined;
  private hurry = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: CoalescerOptions<T>) {}

  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    const promise = new Promise<void>((resolve, reject) => {
      const ticket: Ticket = { outstanding: items.length, failed: false, resolve, reject };
      const enqueuedAt = Date.now();
      for (const item of items) {
        const bytes = this.options.sizeOf(item);
        this.pending.push({ item, bytes, ticket, enqueuedAt });
        this.pendingBytes += bytes;
      }
    });
    this.draining ??= this.drain();
    if (this.isFull()) this.wake?.();
    return promise;
  }

  /** Sends everything pending without waiting for the linger; resolves when nothing is left. */
  async flush(): Promise<void> {
    this.hurry = true;
    this.wake?.();
    try {
      while (this.draining) await this.draining;
    } finally {
      this.hurry = false;
    }
  }

  /** Fails every caller still waiting for an unsent item, so shutdown never leaves one hanging. */
  abandon(error: Error): void {
    for (const entry of this.pending) failTicket(entry.ticket, error);
    this.pending = [];
    this.pendingBytes = 0;
    this.wake?.();
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        await this.waitForBatch();
        const batch = this.takeBatch();
        if (batch.length > 0) await this.sendAndSettle(batch);
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** Waits until the oldest item has lingered long enough, unless a full batch is already there. */
  private async waitForBatch(): Promise<void> {
    const oldest = this.pending[0];
    if (!oldest || this.hurry || this.isFull()) return;
    const left = this.options.lingerMs - (Date.now() - oldest.enqueuedAt);
    if (left <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), left);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private isFull(): boolean {
    return this.pending.length >= this.options.maxItems || this.pendingBytes >= this.options.maxBytes;
  }

  private takeBatch(): Entry<T>[] {
    this.dropFailedCallers();
    let bytes = 0;
    let count = 0;
    while (count < this.pending.length && count < this.options.maxItems) {
      const next = this.pending[count] as Entry<T>;
      if (count > 0 && bytes + next.bytes > this.options.maxBytes) break;
      bytes += next.bytes;
      count++;
    }
    this.pendingBytes -= bytes;
    return this.pending.splice(0, count);
  }

  /**
   * Items of a caller whose earlier batch failed are dropped: that caller was already told to
   * retry, and sending the rest now would put them ahead of the retried ones.
   */
  private dropFailedCallers(): void {
    if (!this.pending.some((entry) => entry.ticket.failed)) return;
    this.pending = this.pending.filter((entry) => !entry.ticket.failed);
    this.pendingBytes = this.pending.reduce((sum, entry) => sum + entry.bytes, 0);
  }

  private async sendAndSettle(batch: Entry<T>[]): Promise<void> {
    try {
      await this.options.send(batch.map((entry) => entry.item));
    } catch (error) {
      for (const entry of batch) failTicket(entry.ticket, error);
      return;
    }
    for (const entry of batch) {
      if (--entry.ticket.outstanding === 0 && !entry.ticket.failed) entry.ticket.resolve();
    }
  }
}

function failTicket(ticket: Ticket, error: unknown): void {
  if (ticket.failed) return;
  ticket.failed = true;
  ticket.reject(error);
}
