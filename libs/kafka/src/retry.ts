import { backoffDelay, sleep, type RetryPolicy } from './backoff';

export type RetryOutcome = { status: 'ok' } | { status: 'failed'; error: unknown } | { status: 'aborted' };

export interface RetryHooks {
  /** False once the consumer is stopping or lost the partition: no further attempt is made. */
  shouldContinue: () => boolean;
  /** Called while waiting so the group coordinator does not evict a member that is only backing off. */
  heartbeat: () => Promise<void>;
  /** Wakes a waiting retry at once when the consumer stops. */
  signal?: AbortSignal;
  onRetry?: (retry: number, error: unknown) => void;
  random?: () => number;
}

/** Heartbeat at least this often during a long backoff (the default heartbeat interval is 3 s). */
const HEARTBEAT_EVERY_MS = 1_000;

/**
 * Runs `attempt` up to policy.attempts times. Never throws the attempt's error: the caller decides
 * between poison isolation ('failed') and leaving the batch uncommitted ('aborted').
 */
export async function runWithRetry(
  attempt: () => Promise<void>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<RetryOutcome> {
  let lastError: unknown;
  for (let call = 1; call <= Math.max(1, policy.attempts); call++) {
    if (call > 1) {
      hooks.onRetry?.(call - 1, lastError);
      await waitWithHeartbeat(backoffDelay(call - 1, policy, hooks.random), hooks);
    }
    if (!hooks.shouldContinue()) return { status: 'aborted' };
    try {
      await attempt();
      return { status: 'ok' };
    } catch (error) {
      lastError = error;
    }
  }
  return { status: 'failed', error: lastError };
}

async function waitWithHeartbeat(ms: number, hooks: RetryHooks): Promise<void> {
  const until = Date.now() + ms;
  for (let left = ms; left > 0 && hooks.shouldContinue(); left = until - Date.now()) {
    await sleep(Math.min(left, HEARTBEAT_EVERY_MS), hooks.signal);
    if (hooks.shouldContinue()) await hooks.heartbeat();
  }
}
