import type { RetryPolicy } from './backoff';
import { runWithRetry, type RetryHooks } from './retry';

export interface Poisoned<T> {
  item: T;
  error: unknown;
}

export type IsolationOutcome<T> = { status: 'done'; poisoned: Poisoned<T>[] } | { status: 'aborted' };

/**
 * Finds the items that make `handle` fail, after the whole batch failed every retry. Halves are
 * tried once each and split again on failure, so one bad message among n costs about 2·log2(n)
 * calls instead of n. A single item gets the full retry policy before it is declared poison, so a
 * transient error that happens to strike during the bisection does not dead-letter a good message.
 * Items are handled in their original order, which keeps per-key ordering for the good ones.
 */
export async function isolatePoison<T>(
  items: readonly T[],
  handle: (items: T[]) => Promise<void>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<IsolationOutcome<T>> {
  const poisoned: Poisoned<T>[] = [];
  const aborted = await bisect(items.slice(), handle, policy, hooks, poisoned, false);
  return aborted ? { status: 'aborted' } : { status: 'done', poisoned };
}

/** Returns true when the consumer is stopping and the search was abandoned. */
async function bisect<T>(
  items: T[],
  handle: (items: T[]) => Promise<void>,
  policy: RetryPolicy,
  hooks: RetryHooks,
  poisoned: Poisoned<T>[],
  tryWhole: boolean,
): Promise<boolean> {
  if (items.length === 0) return false;
  if (items.length === 1) return isolateOne(items[0] as T, handle, policy, hooks, poisoned);
  if (tryWhole) {
    const once = await runWithRetry(() => handle(items), { ...policy, attempts: 1 }, hooks);
    if (once.status !== 'failed') return once.status === 'aborted';
  }
  const middle = Math.ceil(items.length / 2);
  if (await bisect(items.slice(0, middle), handle, policy, hooks, poisoned, true)) return true;
  return bisect(items.slice(middle), handle, policy, hooks, poisoned, true);
}

async function isolateOne<T>(
  item: T,
  handle: (items: T[]) => Promise<void>,
  policy: RetryPolicy,
  hooks: RetryHooks,
  poisoned: Poisoned<T>[],
): Promise<boolean> {
  const outcome = await runWithRetry(() => handle([item]), policy, hooks);
  if (outcome.status === 'failed') poisoned.push({ item, error: outcome.error });
  return outcome.status === 'aborted';
}
