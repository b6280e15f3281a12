import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Channel, StepAttempt, StepDue } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { backoffDelay, type RetryPolicy } from '@stepwise/kafka';
import { appendToOutbox } from '@stepwise/outbox';
import { outcomeEnvelope } from './outcome-envelope';
import type { GuardedResult, ProviderGuard } from './provider-guard';
import { stepKey, type ReleasedSend, type SendLogRepository, type Settlement } from './send-log.repository';
import type { SendMetrics } from './send-metrics';
import type { StepFailure } from './step-failure';

/** What a channel decided about one claimed step: the provider request to make, or why there is none. */
export type Preparation<R> = { ok: true; request: R } | { ok: false; failure: StepFailure };

/**
 * The provider took the message: 'sent' (SMS, LinkedIn message) or 'invited' (connection request);
 * or it cannot take it yet ('waiting': a LinkedIn message before the connection was accepted), so
 * the request is held until the channel releases it, and `cause` is what fails it in the end.
 */
export type ProviderAcceptance =
  { outcome: 'sent' | 'invited'; providerMessageId: string } | { outcome: 'waiting'; cause: StepFailure };

/** The channel-specific half of the send path; SendDueSteps is the other half. */
export interface ChannelSender<D extends StepDue, R> {
  channel: Channel;
  /** Contract name of the topic this channel's outcomes go to. */
  outcomesTopic: string;
  /** Renders and validates, without I/O; a failure here is reported without calling the provider. */
  prepare(due: D): Preparation<R>;
  /** One provider call; throws ProviderError so the guard knows whether a retry is safe. */
  send(request: R): Promise<ProviderAcceptance>;
}

export interface SendDueStepsDeps<D extends StepDue, R> {
  sender: ChannelSender<D, R>;
  pool: Pool;
  repository: SendLogRepository;
  guard: ProviderGuard;
  metrics: SendMetrics;
  logger: Logger;
  /** Called after outcomes are committed, so the outbox relay publishes them without waiting for a poll. */
  onOutcomesCommitted?: () => void;
  /**
   * Most attempts claimed at once. A batch is worked through in chunks so that claim-to-settle
   * time stays short whatever the batch size: that time must stay under the stale-send lease,
   * and it bounds how many attempts a crash leaves in an unknown state.
   */
  chunkSize: number;
  /** Retries of the closing transaction; the sends it records have already happened. */
  settleRetry?: RetryPolicy;
  /** Releases of a waiting attempt that found it still unsendable before it fails with its cause. */
  maxWaits?: number;
}

/** One claimed attempt on its way to the provider: fresh from a step-due, or released from waiting. */
interface Prepared<R> {
  step: StepAttempt;
  tenantId: string;
  preparation: Preparation<R>;
  /** How often it was released from waiting so far. */
  waits: number;
}

const DEFAULT_MAX_WAITS = 3;

/**
 * The claim-send-record path shared by the SMS and social channels, for one batch of step-due
 * commands, worked through in chunks of at most `chunkSize` attempts:
 *  1. claim the chunk's attempts with one multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING:
 *     an attempt claimed before (a redelivered command) is dropped here, so it is never sent twice;
 *  2. prepare each claimed step (render, validate) without I/O;
 *  3. call the provider for the valid ones through the guard (bounded concurrency, circuit
 *     breaker, retries only where nothing was sent);
 *  4. in one transaction, settle the rows and append their step.outcome events to the outbox.
 * If this process dies between 1 and 4, the rows stay 'sending' and StaleSendSweeper reports them
 * as unknown_delivery_state: a redelivered command finds them claimed and does not re-send.
 */
export class SendDueSteps<D extends StepDue, R> {
  private readonly settleRetry: RetryPolicy;
  private readonly maxWaits: number;

  constructor(private readonly deps: SendDueStepsDeps<D, R>) {
    this.settleRetry = deps.settleRetry ?? { attempts: 5, initialMs: 100, maxMs: 2_000 };
    this.maxWaits = deps.maxWaits ?? DEFAULT_MAX_WAITS;
  }

  async execute(dues: readonly D[]): Promise<void> {
    const unique = firstPerAttempt(dues);
    this.deps.metrics.duplicates.inc({ channel: this.deps.sender.channel }, dues.length - unique.length);
    for (let start = 0; start < unique.length; start += this.deps.chunkSize) {
      await this.claimSendRecord(unique.slice(start, start + this.deps.chunkSize));
    }
  }

  /**
   * Sends the attempts that were waiting for `recipient` to become reachable from `senderAddress`
   * (LinkedIn: the connection was accepted), through the same guard and settle as fresh ones.
   */
  async sendWaiting(senderAddress: string, recipient: string): Promise<void> {
    const released = await this.deps.repository.releaseWaiting(senderAddress, recipient);
    if (released.length > 0) await this.sendAndRecord(released.map((r) => this.asPrepared(r)));
  }

  private asPrepared(released: ReleasedSend): Prepared<R> {
    const { step, tenantId, waits } = released;
    return { step, tenantId, waits, preparation: { ok: true, request: released.request as R } };
  }

  private async claimSendRecord(unique: D[]): Promise<void> {
    const { sender, repository, metrics } = this.deps;
    const claimed = await repository.claim(
      unique.map((due) => ({
        step: due.payload.step,
        tenantId: due.tenantId,
        identityId: due.payload.delivery.sender.identityId,
        senderAddress: due.payload.delivery.sender.address,
        recipient: due.payload.delivery.to,
      })),
    );
    metrics.duplicates.inc({ channel: sender.channel }, unique.length - claimed.size);
    if (claimed.size === 0) return;

    await this.sendAndRecord(
      unique
        .filter((due) => claimed.has(stepKey(due.payload.step)))
        .map((due) => ({ step: due.payload.step, tenantId: due.tenantId, preparation: sender.prepare(due), waits: 0 })),
    );
  }

  private async sendAndRecord(prepared: Prepared<R>[]): Promise<void> {
    await this.record(prepared, await this.sendPrepared(prepared));
  }

  /** Sends the ready ones; a step that failed preparation settles with that failure, unsent. */
  private async sendPrepared(prepared: Prepared<R>[]): Promise<Settlement[]> {
    const ready = prepared.flatMap((p) => (p.preparation.ok ? [p.preparation.request] : []));
    const results = await this.deps.guard.callAll(ready, (request) => this.deps.sender.send(request));
    let next = 0;
    return prepared.map((attempt) => {
      const { preparation } = attempt;
      const result: GuardedResult<ProviderAcceptance> = preparation.ok
        ? (results[next++] as GuardedResult<ProviderAcceptance>)
        : { ok: false, failure: preparation.failure };
      return this.toSettlement(attempt, result);
    });
  }

  private toSettlement(
    { step, preparation, waits }: Prepared<R>,
    result: GuardedResult<ProviderAcceptance>,
  ): Settlement {
    if (!result.ok) return { step, status: 'failed', failure: result.failure };
    const acceptance = result.value;
    if (acceptance.outcome !== 'waiting') {
      return { step, status: acceptance.outcome, providerMessageId: acceptance.providerMessageId };
    }
    // Released this often and still refused: the wait is over, and its cause is the step's error.
    if (waits >= this.maxWaits) return { step, status: 'failed', failure: acceptance.cause };
    return { step, status: 'waiting', heldRequest: preparation.ok ? preparation.request : undefined };
  }

  private async record(prepared: Prepared<R>[], settlements: Settlement[]): Promise<void> {
    const { sender, pool, repository } = this.deps;
    const tenantOf = new Map(prepared.map((p) => [stepKey(p.step), p.tenantId]));
    const settled = await this.withSettleRetry(() =>
      inTransaction(pool, async (client) => {
        const rows = await repository.settle(client, settlements);
        const published = settlements.filter((s) => rows.has(stepKey(s.step)));
        await appendToOutbox(
          client,
          published.flatMap((s) =>
            s.status === 'waiting'
              ? []
              : [
                  {
                    topic: sender.outcomesTopic,
                    envelope: outcomeEnvelope({
                      channel: sender.channel,
                      tenantId: tenantOf.get(stepKey(s.step)) as string,
                      step: s.step,
                      outcome: s.status,
                      providerMessageId: s.providerMessageId,
                      failure: s.failure,
                    }),
                  },
                ],
          ),
        );
        return published;
      }),
    );
    this.deps.onOutcomesCommitted?.();
    this.report(settlements, settled);
  }

  /**
   * The provider calls are done, so a database blip here must not throw their results away: the
   * batch would be redelivered, find its rows claimed and leave them to the sweeper as "unknown".
   */
  private async withSettleRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= this.settleRetry.attempts) throw error;
        this.deps.logger.warn({ err: error, attempt }, 'recording send results failed, retrying');
        await sleep(backoffDelay(attempt, this.settleRetry));
      }
    }
  }

  /** Counts only; no addresses or texts. */
  private report(all: Settlement[], settled: Settlement[]): void {
    const { channel } = this.deps.sender;
    for (const s of settled) {
      this.deps.metrics.outcomes.inc({ channel, outcome: s.status, error_type: s.failure?.type ?? '' });
    }
    const providerTrouble = settled.filter(
      (s) => s.failure?.type === 'provider_down' || s.failure?.type === 'unknown_delivery_state',
    ).length;
    const fields = { channel, batch: all.length, settled: settled.length, providerTrouble };
    if (providerTrouble > 0) this.deps.logger.warn(fields, 'steps failed on the provider side');
    if (settled.length < all.length) {
      this.deps.logger.warn(fields, 'some steps were settled by the stale-send sweeper before their result arrived');
    }
    this.deps.logger.debug(fields, 'step batch settled');
  }
}

/** A batch can carry the same attempt twice (a producer retry); only the first counts. */
function firstPerAttempt<D extends StepDue>(dues: readonly D[]): D[] {
  const seen = new Set<string>();
  return dues.filter((due) => {
    const key = stepKey(due.payload.step);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
