import { attemptKey } from './attempt-key';
import type { Settlement } from './email-send.repository';

/**
 * Results of sends this process made but has not yet written down. If recording fails (the
 * database blips after the emails went out), the consumer retries the batch and finds the rows
 * still 'sending'; this memory tells it what really happened, so they are not reported as
 * unknown. Only a crash loses it, and then "unknown" is the honest answer.
 */
export class UnrecordedSettlements {
  private readonly byKey = new Map<string, Settlement>();

  /** Bounded so batches that end up dead-lettered cannot grow it forever; the oldest go first. */
  constructor(private readonly limit = 100_000) {}

  remember(settlements: readonly Settlement[]): void {
    for (const settlement of settlements) this.byKey.set(attemptKey(settlement.step), settlement);
    for (const key of this.byKey.keys()) {
      if (this.byKey.size <= this.limit) break;
      this.byKey.delete(key);
    }
  }

  find(key: string): Settlement | undefined {
    return this.byKey.get(key);
  }

  forget(settlements: readonly Settlement[]): void {
    for (const settlement of settlements) this.byKey.delete(attemptKey(settlement.step));
  }
}
