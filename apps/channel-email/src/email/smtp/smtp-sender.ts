import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrencyLimit } from '@stepwise/channel-kit';
import { backoffDelay, type RetryPolicy } from '@stepwise/kafka';
import {
  IdentityTransport,
  type BreakerState,
  type OutgoingEmail,
  type PoolSettings,
  type SendResult,
  type SmtpEndpoint,
} from './identity-transport';

/**
 * An identity's own server and login, or null when it has none (its mail then goes through the
 * shared relay). `revision` changes whenever the connection does, so a stale pool is replaced.
 */
export type EndpointLookup = (identityId: string) => Promise<{ revision: string; endpoint: SmtpEndpoint } | null>;

export interface SmtpSenderOptions extends PoolSettings {
  /** The relay of identities that have no connection of their own (SMTP_HOST/SMTP_PORT). */
  relay: SmtpEndpoint;
  /** Identities whose transports stay cached; the least recently used idle one is closed beyond it. */
  maxIdentities: number;
  /** Sends in flight at once across all identities. */
  maxInFlight: number;
  /** A transport unused this long is closed (its server may close idle connections anyway). */
  idleCloseMs: number;
  retry?: RetryPolicy;
}

/** A few quick tries ride out a server restart or a greylisting deferral without holding the batch long. */
const DEFAULT_RETRY: RetryPolicy = { attempts: 3, initialMs: 500, maxMs: 4_000 };

interface CachedTransport {
  revision: string;
  transport: IdentityTransport;
}

/**
 * Sends through one pooled transport per sender identity (its own server and login), retrying only
 * failures that are safe to retry (see SendFailure.retryable). Transports are created on first
 * use, replaced when the identity's connection changes, and closed once idle.
 */
export class SmtpSender {
  // Map order is recency order: a used identity is moved to the end.
  private readonly transports = new Map<string, CachedTransport>();
  private readonly retry: RetryPolicy;
  private readonly shared: ConcurrencyLimit;
  private readonly idleSweep: NodeJS.Timeout;

  constructor(
    private readonly options: SmtpSenderOptions,
    private readonly lookup: EndpointLookup = async () => null,
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.shared = new ConcurrencyLimit(options.maxInFlight);
    this.idleSweep = setInterval(() => this.closeIdle(), Math.max(50, options.idleCloseMs / 2));
    this.idleSweep.unref();
  }

  async send(identityId: string, email: OutgoingEmail): Promise<SendResult> {
    for (let attempt = 1; ; attempt++) {
      // Looked up per attempt: an identity idle during the backoff may have been evicted meanwhile.
      const result = await (await this.transportFor(identityId)).send(email);
      if (result.ok || !result.failure.retryable || attempt >= this.retry.attempts) return result;
      await sleep(backoffDelay(attempt, this.retry));
    }
  }

  /** How many identities' breakers are in each state, for the breaker gauge. */
  breakerStates(): Record<BreakerState, number> {
    const counts: Record<BreakerState, number> = { closed: 0, open: 0, half_open: 0 };
    for (const { transport } of this.transports.values()) counts[transport.state]++;
    return counts;
  }

  /** Identities with an open transport (idle ones close after idleCloseMs). */
  openTransports(): number {
    return this.transports.size;
  }

  close(): void {
    clearInterval(this.idleSweep);
    for (const { transport } of this.transports.values()) transport.close();
    this.transports.clear();
  }

  private async transportFor(identityId: string): Promise<IdentityTransport> {
    const own = await this.lookup(identityId);
    const revision = own?.revision ?? 'relay';
    let cached = this.transports.get(identityId);
    if (cached) this.transports.delete(identityId);
    if (cached && cached.revision !== revision) {
      // Sends already on the old pool finish there (close waits for a delivering connection).
      cached.transport.close();
      cached = undefined;
    }
    cached ??= {
      revision,
      transport: new IdentityTransport(own?.endpoint ?? this.options.relay, this.options, this.shared),
    };
    this.transports.set(identityId, cached);
    this.evictIdle(identityId);
    return cached.transport;
  }

  /** Busy transports, and the one about to be used, are kept: closing them would fail their sends. */
  private evictIdle(keep: string): void {
    for (const [identityId, { transport }] of this.transports) {
      if (this.transports.size <= this.options.maxIdentities) return;
      if (transport.busy || identityId === keep) continue;
      transport.close();
      this.transports.delete(identityId);
    }
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const [identityId, { transport }] of this.transports) {
      if (transport.idleFor(now) < this.options.idleCloseMs) continue;
      transport.close();
      this.transports.delete(identityId);
    }
  }
}
