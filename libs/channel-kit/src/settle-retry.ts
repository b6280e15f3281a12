import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { backoffDelay, type RetryPolicy } from '@stepwise/kafka';

/** Retries of the transaction that records send results: a handful over a few seconds. */
export const DEFAULT_SETTLE_RETRY: RetryPolicy = { attempts: 5, initialMs: 100, maxMs: 2_000 };

/**
 * Runs the transaction that records send results, retrying it. The provider calls are done, so a
 * database blip here must not throw their results away: the batch would be redelivered, find its
 * rows claimed and leave them to the stale-send sweeper as "unknown".
 */
export async function recordWithRetry<T>(work: () => Promise<T>, policy: RetryPolicy, logger: Logger): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts) throw error;
      logger.warn({ err: error, attempt }, 'recording send results failed, retrying');
      await sleep(backoffDelay(attempt, policy));
    }
  }
}
