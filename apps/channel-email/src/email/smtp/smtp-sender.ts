import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type RetryPolicy } from '@stepwise/kafka';
import {
  IdentityTransport,
  type BreakerState,
  type OutgoingEmail,
  type SendResult,
  type SmtpSettings,
} from './identity-transport';

export interface SmtpSenderOptions extends SmtpSettings {
  /** Identities whose transports stay cached; the least recently used idle one is closed beyond it. */
  maxIdentities: number;
  retry?: RetryPolicy;
}

/** A few quick tries ride out a server restart or a greylisting deferral without holding the batch long. */
const DEFAULT_RETRY: RetryPolicy = { attempts: 3, initialMs: 500, maxMs: 4_000 };

/**
 * Sends through one pooled transport per sender identity, retrying only failures that are safe
 * to retry (see SendFailure.retryable). Transports are created on first use and cached.
 */
export class SmtpSender {
  // Map order is recency order: a used identity is moved to the end.
  private readonly transports = new Map<string, IdentityTransport>();
  private readonly retry: RetryPolicy;

  constructor(private readonly options: SmtpSenderOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  async send(identityId: string, email: OutgoingEmail): Promise<SendResult> {
    for (let attempt = 1; ; attempt++) {
      // Looked up per attempt: an identity idle during the backoff may have been evicted meanwhile.
      const result = await this.transportFor(identityId).send(email);
      if (result.ok || !result.failure.retryable || attempt >= this.retry.attempts) return result;
      await sleep(backoffDelay(attempt, this.retry));
    }
  }

  /** How many identities' breakers are in each state, for the breaker gauge. */
  breakerStates(): Record<BreakerState, number> {
    const counts: Record<BreakerState, number> = { closed: 0, open: 0, half_open: 0 };
    for (const transport of this.transports.values()) counts[transport.state]++;
    return counts;
  }

  close(): void {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
  }

  private transportFor(identityId: string): IdentityTransport {
    let transport = this.transports.get(identityId);
    if (transport) this.transports.delete(identityId);
    else transport = new IdentityTransport(this.options);
    this.transports.set(identityId, transport);
    this.evictIdle(identityId);
    return transport;
  }

  /** Busy transports, and the one about to be used, are kept: closing them would fail their sends. */
  private evictIdle(keep: string): void {
    for (const [identityId, transport] of this.transports) {
      if (this.transports.size <= this.options.maxIdentities) return;
      if (transport.busy || identityId === keep) continue;
      transport.close();
      this.transports.delete(identityId);
    }
  }
}
