import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { Channel } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { outcomeEnvelope } from './outcome-envelope';
import type { ExpiredWait, StaleSend } from './send-log.repository';
import type { SendMetrics } from './send-metrics';
import { unknownDeliveryFailure, type ProviderProfile, type StepFailure } from './step-failure';

/** The part of a channel's send log the sweeper needs: SendLogRepository, or channel-email's own. */
export interface StaleSendStore {
  /** Settles up to `limit` rows 'sending' for longer than `olderThanMs` as failed with `failure`. */
  settleStale(client: PoolClient, olderThanMs: number, limit: number, failure: StepFailure): Promise<StaleSend[]>;
  /** Channels that hold messages back: fails up to `limit` whose wait ran out. */
  settleExpiredWaits?(client: PoolClient, limit: number): Promise<ExpiredWait[]>;
}

export interface StaleSendSweeperOptions {
  channel: Channel;
  outcomesTopic: string;
  provider: ProviderProfile;
  pool: Pool;
  repository: StaleSendStore;
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
 * Settles the attempts nobody else will: those a crashed process left 'sending', and those that
 * waited past their deadline (a LinkedIn message whose connection request was never accepted).
 *
 * Attempts left 'sending'. Whether the provider took such a message
 * is unknown, and re-sending could message the candidate twice, so it is reported as failed with
 * unknown_delivery_state and a fix telling a person where to check. A redelivered step-due for the
 * attempt finds the row claimed and does nothing, so this is the one place such rows end.
 *
 * Every channel recovers this way (rather than settling a 'sending' row when its command is
 * redelivered) because a redelivery does not mean the first process died: after a rebalance, a
 * live instance may still be sending the batch another instance now receives, and would be
 * reported as unknown. A lease cannot be fooled that way, and it also ends rows that no command
 * will ever bring back (a LinkedIn message released from waiting by the acceptance poller).
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

  /** Sweeps until no stale or expired row is left; returns how many were settled. */
  async sweepAll(): Promise<number> {
    let total = 0;
    for (const sweep of [() => this.sweepStaleOnce(), () => this.expireWaitsOnce()]) {
      for (;;) {
        const settled = await sweep();
        total += settled;
        if (settled < SWEEP_LIMIT) break;
      }
    }
    return total;
  }

  private sweepStaleOnce(): Promise<number> {
    const { provider, repository, staleAfterMs } = this.options;
    const failure = unknownDeliveryFailure(provider, 'The service stopped while sending this step');
    return this.failRows(
      async (client) =>
        (await repository.settleStale(client, staleAfterMs, SWEEP_LIMIT, failure)).map((row) => ({ ...row, failure })),
      { errorType: 'unknown_delivery_state', level: 'warn', note: 'settled sends abandoned mid-flight as unknown' },
    );
  }

  private expireWaitsOnce(): Promise<number> {
    const { repository } = this.options;
    if (!repository.settleExpiredWaits) return Promise.resolve(0);
    const settleExpiredWaits = repository.settleExpiredWaits.bind(repository);
    return this.failRows(
      async (client) =>
        (await settleExpiredWaits(client, SWEEP_LIMIT)).map((row) => ({ ...row, failure: waitExpired(row.failure) })),
      { errorType: 'wait_expired', level: 'info', note: 'held messages failed: their wait ran out' },
    );
  }

  /** Settles rows as failed and appends their outcomes in one transaction; counts and logs them. */
  private async failRows(
    settle: (client: PoolClient) => Promise<(StaleSend & { failure: StepFailure })[]>,
    report: { errorType: string; level: 'warn' | 'info'; note: string },
  ): Promise<number> {
    const { channel, outcomesTopic, pool } = this.options;
    const rows = await inTransaction(pool, async (client) => {
      const settled = await settle(client);
      await appendToOutbox(
        client,
        settled.map((row) => ({
          topic: outcomesTopic,
          envelope: outcomeEnvelope({
            channel,
            tenantId: row.tenantId,
            step: row.step,
            outcome: 'failed',
            failure: row.failure,
            providerMessageId: row.providerMessageId,
          }),
        })),
      );
      return settled;
    });
    if (rows.length > 0) {
      this.options.metrics.outcomes.inc({ channel, outcome: 'failed', error_type: report.errorType }, rows.length);
      this.options.logger[report.level]({ channel, count: rows.length }, report.note);
      this.options.onOutcomesCommitted?.();
    }
    return rows.length;
  }
}

/** The cause the message waited on, said to have lasted the whole wait. */
function waitExpired(cause: StepFailure): StepFailure {
  return { ...cause, message: `Still not sendable when the step's wait ran out: ${cause.message}` };
}
