import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { Channel, StepAttempt, StepDue } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import type { RetryPolicy } from '@stepwise/kafka';
import { appendToOutbox, type OutboxMessage } from '@stepwise/outbox';
import { appendSkipNotices, type HaltedEnrollmentScreen, type SkippedStep } from './halted-enrollment-screen';
import type { EnrollmentStatusFact } from './enrollment-halt';
import { outcomeEnvelope } from './outcome-envelope';
import { waitingNotice } from './waiting-notice';
import type { GuardedResult, ProviderGuard } from './provider-guard';
import { stepKey, type ReleasedSend, type SendLogRepository, type Settlement } from './send-log.repository';
import type { SendMetrics } from './send-metrics';
import { DEFAULT_SETTLE_RETRY, recordWithRetry } from './settle-retry';
import { ProviderError, type StepFailure } from './step-failure';

/** What a channel decided about one claimed step: the provider request to make, or why there is none. */
export type Preparation<R> = { ok: true; request: R } | { ok: false; failure: StepFailure };

/**
 * The provider took the message: 'sent' (SMS, LinkedIn message) or 'invited' (connection request);
 * or it cannot take it yet ('waiting': a LinkedIn message before the connection was accepted), so
 * the request is held until the channel releases it or `waitMs` (from the first wait) runs out,
 * and `cause` is what fails it then.
 */
export type ProviderAcceptance =
  | {
      outcome: 'sent' | 'invited';
      providerMessageId: string;
      /**
       * The acceptance is also the delivery (email: the next hop's 250), so the one `sent`
       * outcome says so and no `delivered` follows; SMS learns delivery later, as its own fact.
       */
      delivered?: true;
    }
  | { outcome: 'waiting'; cause: StepFailure; waitMs: number };

/** The channel's own columns of the claim row, filled in from the step and its preparation. */
export interface ClaimColumns<D extends StepDue, R> {
  /** Text columns of the channel's send_log, fixed: the claim stays one statement. */
  names: readonly string[];
  /** One value per name, in that order. */
  values(due: D, preparation: Preparation<R>): readonly (string | null)[];
}

/** An attempt this process settled, as the channel's after-settle hook sees it. */
export interface SettledAttempt<R> {
  settlement: Settlement;
  tenantId: string;
  /** The request sent (or held); absent when preparation failed. */
  request?: R;
}

/** The channel-specific half of the send path; SendDueSteps is the other half. */
export interface ChannelSender<D extends StepDue, R, L = undefined> {
  channel: Channel;
  /** Contract name of the topic this channel's outcomes go to. */
  outcomesTopic: string;
  /**
   * Reads what preparing a chunk needs from the channel's own tables, for the whole chunk in one
   * statement (channel-email: each enrollment's previous email, which a same-thread step answers).
   */
  lookup?(dues: readonly D[]): Promise<L>;
  /** Renders and validates, without I/O; a failure here is reported without calling the provider. */
  prepare(due: D, lookup: L): Preparation<R>;
  /** Columns of its own the channel's readers need on the claim row (see ClaimColumns). */
  claimColumns?: ClaimColumns<D, R>;
  /** One provider call; throws ProviderError so the guard knows whether a retry is safe. */
  send(request: R): Promise<ProviderAcceptance>;
  /**
   * Runs inside the settle transaction with the attempts this process settled (not those the
   * sweeper took first); the messages it returns go to the outbox with their outcomes
   * (channel-email: identity.health once a login is refused or works again).
   */
  afterSettle?(client: PoolClient, settled: readonly SettledAttempt<R>[]): Promise<OutboxMessage[]>;
}

export interface SendDueStepsDeps<D extends StepDue, R, L = undefined> {
  sender: ChannelSender<D, R, L>;
  pool: Pool;
  repository: SendLogRepository;
  guard: ProviderGuard;
  /** Refuses steps of enrollments that halted after the step was fired. */
  screen: HaltedEnrollmentScreen;
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
  /** Set for a held message released while its enrollment is halted: it is not sent. */
  halt?: EnrollmentStatusFact;
  /** When the dispatcher fired it; absent for a held message released later. */
  firedAt?: Date;
}

const DEFAULT_MAX_WAITS = 3;

/**
 * The claim-send-record path shared by the channels, for one batch of step-due commands, worked
 * through in chunks of at most `chunkSize` attempts:
 *  0. screen out the steps of enrollments that halted after the step was fired (replied, stopped,
 *     paused...): they are announced as step.skipped, not claimed and never sent;
 *  1. claim the chunk's attempts with one multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING:
 *     an attempt claimed before (a redelivered command) is dropped here, so it is never sent twice;
 *  2. prepare each step (render, validate) without I/O, after one lookup for the chunk where the
 *     channel needs one; the claim row carries the channel's own columns from it;
 *  3. call the provider for the valid ones through the guard (bounded concurrency, circuit
 *     breaker, retries only where nothing was sent);
 *  4. in one transaction, settle the rows, run the channel's after-settle hook, and append their
 *     step.outcome events (and the hook's messages) to the outbox.
 * If this process dies between 1 and 4, the rows stay 'sending' and StaleSendSweeper reports them
 * as unknown_delivery_state: a redelivered command finds them claimed and does not re-send.
 */
export class SendDueSteps<D extends StepDue, R, L = undefined> {
  private readonly settleRetry: RetryPolicy;
  private readonly maxWaits: number;

  constructor(private readonly deps: SendDueStepsDeps<D, R, L>) {
    this.settleRetry = deps.settleRetry ?? DEFAULT_SETTLE_RETRY;
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
    if (released.length === 0) return;
    const halts = await this.deps.screen.currentHalts(released.map((r) => r.step.enrollmentId));
    await this.sendAndRecord(released.map((r) => this.asPrepared(r, halts.get(r.step.enrollmentId))));
  }

  private asPrepared(released: ReleasedSend, halt: EnrollmentStatusFact | undefined): Prepared<R> {
    const { step, tenantId, waits } = released;
    return { step, tenantId, waits, halt, preparation: { ok: true, request: released.request as R } };
  }

  private async claimSendRecord(chunk: D[]): Promise<void> {
    const { sender, repository, metrics, screen } = this.deps;
    const { sendable: unique, skipped } = await screen.screen(chunk);
    if (skipped.length > 0) await this.recordSkipped(skipped);
    if (unique.length === 0) return;
    const lookup = sender.lookup ? await sender.lookup(unique) : (undefined as L);
    const prepared = unique.map((due) => ({ due, preparation: sender.prepare(due, lookup) }));
    const claimed = await repository.claim(
      prepared.map(({ due, preparation }) => ({
        step: due.payload.step,
        tenantId: due.tenantId,
        identityId: due.payload.delivery.sender.identityId,
        senderAddress: due.payload.delivery.sender.address,
        recipient: due.payload.delivery.to,
        extra: sender.claimColumns?.values(due, preparation),
      })),
    );
    metrics.duplicates.inc({ channel: sender.channel }, unique.length - claimed.size);
    if (claimed.size === 0) return;

    await this.sendAndRecord(
      prepared
        .filter(({ due }) => claimed.has(stepKey(due.payload.step)))
        .map(({ due, preparation }) => ({
          step: due.payload.step,
          tenantId: due.tenantId,
          preparation,
          waits: 0,
          firedAt: new Date(due.payload.firedAt),
        })),
    );
  }

  /** Announced, never claimed: a paused recipient's step must still be sendable once resumed. */
  private async recordSkipped(skipped: SkippedStep[]): Promise<void> {
    const { channel } = this.deps.sender;
    await this.withSettleRetry(() =>
      inTransaction(this.deps.pool, (client) => appendSkipNotices(client, channel, skipped)),
    );
    this.deps.onOutcomesCommitted?.();
    this.deps.metrics.outcomes.inc({ channel, outcome: 'skipped', error_type: '' }, skipped.length);
    this.deps.logger.info({ channel, skipped: skipped.length }, 'steps of halted enrollments not sent');
  }

  private async sendAndRecord(prepared: Prepared<R>[]): Promise<void> {
    await this.record(prepared, await this.sendPrepared(prepared));
  }

  /**
   * Sends the ready ones; a step that failed preparation settles with that failure, unsent, and
   * one whose enrollment halted by the look right before its call is skipped.
   */
  private async sendPrepared(prepared: Prepared<R>[]): Promise<Settlement[]> {
    const ready = prepared.filter((p) => p.preparation.ok && !p.halt);
    const results = await this.deps.guard.callAll(ready, (p) => this.callUnlessHalted(p));
    const resultOf = new Map(ready.map((p, i) => [p, results[i]]));
    return prepared.map((attempt) => {
      const { preparation, halt } = attempt;
      if (halt) return heldWhileHalted(attempt, halt);
      const result = (resultOf.get(attempt) as GuardedResult<ProviderAcceptance> | undefined) ?? {
        ok: false,
        failure: (preparation as { failure: StepFailure }).failure,
      };
      return this.toSettlement(attempt, result);
    });
  }

  /** Looked at inside the provider slot, right before each try, so no call begins after a stop was answered. */
  private async callUnlessHalted(attempt: Prepared<R>): Promise<ProviderAcceptance | null> {
    const halt = await this.deps.screen.lookBeforeCall(attempt).catch((error: unknown) => {
      throw ProviderError.notSent('the halt feed could not be read, so the recipient was not checked', error);
    });
    if (halt) {
      attempt.halt = halt;
      return null;
    }
    return this.deps.sender.send((attempt.preparation as { request: R }).request);
  }

  private toSettlement(
    { step, preparation, waits }: Prepared<R>,
    result: GuardedResult<ProviderAcceptance>,
  ): Settlement {
    if (!result.ok) return { step, status: 'failed', failure: result.failure };
    const acceptance = result.value;
    if (acceptance.outcome !== 'waiting') {
      const { outcome: status, providerMessageId, delivered } = acceptance;
      return { step, status, providerMessageId, ...(delivered && status === 'sent' ? { delivered } : {}) };
    }
    // Released this often and still refused: the wait is over, and its cause is the step's error.
    if (waits >= this.maxWaits) return { step, status: 'failed', failure: acceptance.cause };
    return {
      step,
      status: 'waiting',
      heldRequest: preparation.ok ? preparation.request : undefined,
      failure: acceptance.cause,
      // Kept from the first wait by the repository: a release does not extend the deadline.
      waitUntil: new Date(Date.now() + acceptance.waitMs),
    };
  }

  private async record(prepared: Prepared<R>[], settlements: Settlement[]): Promise<void> {
    const { sender, pool, repository } = this.deps;
    const tenantOf = new Map(prepared.map((p) => [stepKey(p.step), p.tenantId]));
    const requestOf = new Map(
      prepared.flatMap((p) => (p.preparation.ok ? [[stepKey(p.step), p.preparation.request]] : [])),
    );
    const haltOf = new Map(prepared.flatMap((p) => (p.halt ? [[stepKey(p.step), p.halt.status] as const] : [])));
    // Announced once, when the attempt starts waiting; a release that waits again says nothing new.
    const firstWaits = new Set(prepared.filter((p) => p.waits === 0).map((p) => stepKey(p.step)));
    const settled = await this.withSettleRetry(() =>
      inTransaction(pool, async (client) => {
        const rows = await repository.settle(client, settlements);
        const published = settlements.filter((s) => rows.has(stepKey(s.step)));
        const tenantId = (s: Settlement) => tenantOf.get(stepKey(s.step)) as string;
        const hookMessages = sender.afterSettle
          ? await sender.afterSettle(
              client,
              published.map((s) => ({ settlement: s, tenantId: tenantId(s), request: requestOf.get(stepKey(s.step)) })),
            )
          : [];
        const outcomes = published.flatMap((s): OutboxMessage[] => {
          if (s.status === 'skipped') return [];
          if (s.status === 'waiting')
            return firstWaits.has(stepKey(s.step)) ? [waitingNotice(sender.channel, tenantId(s), s)] : [];
          return [
            {
              topic: sender.outcomesTopic,
              envelope: outcomeEnvelope({
                channel: sender.channel,
                tenantId: tenantId(s),
                step: s.step,
                outcome: s.status,
                // A failure still names the message where the channel named it at claim time.
                providerMessageId: s.providerMessageId ?? rows.get(stepKey(s.step)) ?? undefined,
                failure: s.failure,
                details: s.delivered ? { delivered: true } : undefined,
              }),
            },
          ];
        });
        await appendToOutbox(client, [...outcomes, ...hookMessages]);
        const skipped = published.filter((s) => s.status === 'skipped');
        await appendSkipNotices(
          client,
          sender.channel,
          skipped.map((s) => ({
            step: s.step,
            tenantId: tenantId(s),
            status: haltOf.get(stepKey(s.step)) ?? 'stopped',
          })),
        );
        return published;
      }),
    );
    this.deps.onOutcomesCommitted?.();
    this.report(settlements, settled);
  }

  private withSettleRetry<T>(work: () => Promise<T>): Promise<T> {
    return recordWithRetry(work, this.settleRetry, this.deps.logger);
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

/**
 * A step whose enrollment halted: skipped for good when the status is final or the step is fresh
 * (a resume plans it again); a held message released while paused is held again, to go out on a
 * later release once the recipient is resumed.
 */
function heldWhileHalted<R>({ step, preparation, firedAt }: Prepared<R>, halt: EnrollmentStatusFact): Settlement {
  if (halt.final || firedAt) return { step, status: 'skipped' };
  return { step, status: 'waiting', heldRequest: preparation.ok ? preparation.request : undefined };
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
