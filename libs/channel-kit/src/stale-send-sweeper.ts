import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Channel } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { outcomeEnvelope } from './outcome-envelope';
import type { SendLogRepository } from './send-log.repository';
import type { SendMetrics } from './send-metrics';
import { unknownDeliveryFailure, type ProviderProfile } from './step-failure';

export interface StaleSendSweeperOptions {
  channel: Channel;
  outcomesTopic: string;
  provider: ProviderProfile;
  pool: Pool;
  repository: SendLogRepository;
  metrics: SendMetrics;
  logger: Logger;
  /**
   * How long a row may stay 'sending' before its process is presumed dead. Must exceed the longest
   * a live batch takes from claim to settle, or a slow but live send would be reported unknown.
   */
  staleAfterMs: number;
  intervalMs: number;
  onOutcomesCommitted?: () => void;
}

/** Rows settled per transaction; a backlog after a crash is worked through in several sweeps. */
const SWEEP_LIMIT = 500;

/**
 * Settles the attempts a crashed process left 'sending'. Whether the provider took such a message
 * is unknown, and re-sending could message the candidate twice, so it is reported as failed with
 * unknown_delivery_state and a fix telling a person where to check. A redelivered step-due for the
 * attempt finds the row claimed and does nothing, so this is the one place such rows end.
 */
export class StaleSendSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: StaleSendSweeperOptions) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.running ??= this.sweepAll()
        .then(() => undefined)
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'stale send sweep failed'))
        .finally(() => (this.running = null));
    }, this.options.intervalMs);
  }

  /** Waits for a sweep in progress, so its transaction is not cut off by the pool closing. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Sweeps until no stale row is left; returns how many were settled. */
  async sweepAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const settled = await this.sweepOnce();
      total += settled;
      if (settled < SWEEP_LIMIT) return total;
    }
  }

  private async sweepOnce(): Promise<number> {
    const { channel, outcomesTopic, provider, pool, repository, staleAfterMs } = this.options;
    const failure = unknownDeliveryFailure(provider, 'The service stopped while sending this step');
    const stale = await inTransaction(pool, async (client) => {
      const rows = await repository.settleStale(client, staleAfterMs, SWEEP_LIMIT, failure);
      await appendToOutbox(
        client,
        rows.map((row) => ({
          topic: outcomesTopic,
          envelope: outcomeEnvelope({ channel, tenantId: row.tenantId, step: row.step, outcome: 'failed', failure }),
        })),
      );
      return rows;
    });
    if (stale.length > 0) {
      this.options.metrics.outcomes.inc(
        { channel, outcome: 'failed', error_type: 'unknown_delivery_state' },
        stale.length,
      );
      this.options.logger.warn({ channel, count: stale.length }, 'settled sends abandoned mid-flight as unknown');
      this.options.onOutcomesCommitted?.();
    }
    return stale.length;
  }
}
