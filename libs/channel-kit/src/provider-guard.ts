import { setTimeout as sleep } from 'node:timers/promises';
import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import { backoffDelay, type RetryPolicy } from '@stepwise/kafka';
import { ConcurrencyLimit } from './bounded-concurrency';
import {
  ProviderError,
  providerDownFailure,
  unknownDeliveryFailure,
  type ProviderProfile,
  type StepFailure,
} from './step-failure';

export interface ProviderGuardOptions {
  provider: ProviderProfile;
  /**
   * Most provider calls in flight from this process, whichever batches they belong to; Infinity
   * where the provider client bounds them itself (channel-email: per sender identity, so a dead
   * server's sends queue behind its own slots, not in front of other identities').
   */
  concurrency: number;
  /** Calls per message, the first included; only 'not_sent' failures are retried. */
  retry: RetryPolicy;
  /**
   * false where the provider client keeps its own breakers (channel-email: one per sender
   * identity), so one broken server does not stop every identity's mail.
   */
  breaker?:
    | Pick<
        CircuitBreaker.Options,
        'errorThresholdPercentage' | 'resetTimeout' | 'rollingCountTimeout' | 'volumeThreshold'
      >
    | false;
  logger: Logger;
  /** Mirrors the breaker's state (for a metric): 1 while open, 0.5 half-open, 0 closed. */
  onCircuitState?: (openness: number) => void;
}

export type GuardedResult<T> = { ok: true; value: T } | { ok: false; failure: StepFailure };

/** Sends stay short: three calls with a ~0.2-0.8 s pause keep a batch from holding its partition. */
export const DEFAULT_PROVIDER_RETRY: RetryPolicy = { attempts: 3, initialMs: 200, maxMs: 2_000 };

/** One call per message: for provider clients that retry by themselves. */
export const NO_PROVIDER_RETRY: RetryPolicy = { attempts: 1, initialMs: 0, maxMs: 0 };

/**
 * Every provider call of a channel goes through here: bounded concurrency, a circuit breaker, and
 * retries with backoff for failures that certainly sent nothing. A call never throws: it ends as a
 * value or as the StepFailure to report, so one bad message cannot fail its whole batch.
 *
 * The breaker exists so a provider outage costs one fast rejection per message instead of a
 * timeout each, and so the provider gets room to recover. Rejections of a single message (bad
 * number, not connected) say nothing about the provider's health and do not count against it.
 */
export class ProviderGuard {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown> | null;
  private readonly limit: ConcurrencyLimit;

  constructor(private readonly options: ProviderGuardOptions) {
    this.limit = new ConcurrencyLimit(options.concurrency);
    const report = options.onCircuitState ?? (() => undefined);
    report(0);
    if (options.breaker === false) {
      this.breaker = null;
      return;
    }
    this.breaker = new CircuitBreaker((task: () => Promise<unknown>) => task(), {
      name: options.provider.name,
      // Adapters bound each request with their own HTTP timeout, which knows whether the request
      // was sent; opossum's timeout would only abandon a request that may still succeed.
      timeout: false,
      errorThresholdPercentage: 50,
      volumeThreshold: 10,
      resetTimeout: 10_000,
      rollingCountTimeout: 10_000,
      ...options.breaker,
      errorFilter: (error: unknown) => error instanceof ProviderError && error.kind === 'rejected',
    });
    const log = options.logger.child({ provider: options.provider.name });
    this.breaker.on('open', () => {
      log.warn('provider circuit opened: failing fast');
      report(1);
    });
    this.breaker.on('halfOpen', () => {
      log.info('provider circuit half-open: trying one call');
      report(0.5);
    });
    this.breaker.on('close', () => {
      log.info('provider circuit closed');
      report(0);
    });
  }

  /** Runs `call` for every item within the process-wide concurrency bound; results in input order. */
  callAll<I, T>(items: readonly I[], call: (item: I) => Promise<T>): Promise<GuardedResult<T>[]> {
    return Promise.all(items.map((item) => this.call(() => call(item))));
  }

  /** One message: its retries hold the slot, so a struggling provider is not hit harder. */
  call<T>(task: () => Promise<T>): Promise<GuardedResult<T>> {
    return this.limit.run(() => this.callWithRetries(task));
  }

  private async callWithRetries<T>(task: () => Promise<T>): Promise<GuardedResult<T>> {
    const { attempts } = this.options.retry;
    for (let attempt = 1; ; attempt++) {
      try {
        return { ok: true, value: this.breaker ? ((await this.breaker.fire(task)) as T) : await task() };
      } catch (error) {
        const verdict = classify(error);
        if (verdict.kind === 'not_sent' && attempt < attempts) {
          await sleep(backoffDelay(attempt, this.options.retry));
          continue;
        }
        return { ok: false, failure: this.failureOf(verdict, attempt) };
      }
    }
  }

  /** Stops the breaker's rolling-window timer so the process can exit. */
  shutdown(): void {
    this.breaker?.shutdown();
  }

  private failureOf(error: ProviderError, attempts: number): StepFailure {
    const provider = this.options.provider;
    if (error.kind === 'rejected' && error.failure) return error.failure;
    if (error.kind === 'not_sent') {
      return providerDownFailure(provider, `${error.message}, ${attempts} attempt${attempts === 1 ? '' : 's'}`);
    }
    return unknownDeliveryFailure(provider, `The request to ${provider.name} did not complete: ${error.message}`);
  }
}

/**
 * An open circuit means the call never left this process. Anything an adapter did not classify is
 * treated as possibly sent: a wrong guess there costs a manual check, the other way a double send.
 */
function classify(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (CircuitBreaker.isOurError(error as Error) && (error as { code?: string }).code === 'EOPENBREAKER') {
    return ProviderError.notSent('circuit open after repeated failures', error);
  }
  return ProviderError.ambiguous(error instanceof Error ? error.message : String(error), error);
}
