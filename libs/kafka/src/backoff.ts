export interface RetryPolicy {
  /** Total calls of the handler for one batch, the first one included. */
  attempts: number;
  /** Base delay before the first retry. */
  initialMs: number;
  /** Ceiling for one delay, however many attempts came before. */
  maxMs: number;
}

/** Enough to ride out a database failover or a lock timeout without holding a partition for long. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 6, initialMs: 200, maxMs: 5_000 };

/**
 * Delay before retry number `retry` (1 = first retry): exponential, capped, with "equal jitter".
 * Half the delay is fixed so retries never hammer a struggling database back to back; the other
 * half is random so the consumers of many partitions, failing together, do not retry in lockstep.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, retry - 1);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}

/** Resolves after `ms`, or early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
