import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { inTransaction } from '@stepwise/database';
import type { BatchingProducer } from '@stepwise/kafka';
import type { Deferral } from './deferral';
import type { DispatcherMetrics } from './dispatcher-metrics';
import { deferralRecord, planFiring, type ClaimedTimer, type TopicNamer } from './fired-message';
import type { SendGate } from './send-gate';
import { claimDueTimers, nextDueAt } from './timer.repository';

export interface FireDueTimersDeps {
  pool: Pool;
  producer: Pick<BatchingProducer, 'publishRecords'>;
  topicName: TopicNamer;
  metrics: DispatcherMetrics;
  logger: Logger;
  batchSize: number;
  gate: SendGate;
  /** The dispatcher's clock: what is due, and whether a window is open. */
  clock?: () => Date;
}

/**
 * Fires one batch of due timers in one transaction: claim (lock and delete the rows), hold back
 * the sends outside their window or over their sender's limits (moved, and reported), publish
 * the rest and wait for Kafka's acks while still holding the locks, commit.
 *
 * The rows are deleted before publishing rather than after, so that once the messages are out
 * only the COMMIT itself can still fail. Nothing is visible to other dispatchers until then; the
 * sender allowances used by the batch are committed with it, or not at all.
 *
 * Duplicates: the only one the claim can cause is the in-flight batch of a dispatcher killed (or
 * failing to COMMIT) after the broker acked. Its rows were never committed as deleted; Postgres
 * releases their locks when the connection drops and another dispatcher fires them again. The
 * channels drop a repeated step.due by their idempotency key (enrollment + step + attempt) and
 * enrollment drops a repeated timer.fired by timer version. Publishing after the commit instead
 * would lose that batch, which nothing downstream could repair.
 * (A timer.scheduled redelivered to the command consumer after its timer fired stores it again
 * and fires it twice too, dropped the same way. Tombstoning fired timers would stop that, but
 * tripled the claim statement's time when measured, on the path that has to reach 50k/s.)
 */
export class FireDueTimers {
  private readonly clock: () => Date;

  constructor(private readonly deps: FireDueTimersDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Returns how many timers were claimed; fewer than the batch size means none are left due. */
  async fireBatch(): Promise<number> {
    const { pool, producer, metrics, topicName } = this.deps;
    const batch = await inTransaction(pool, async (client) => {
      const now = this.clock();
      const stopClaimTimer = metrics.claimDuration.startTimer();
      const claimed = await claimDueTimers(client, this.deps.batchSize, now);
      stopClaimTimer();
      if (claimed.length === 0) return { claimed: 0, fired: [], deferred: [], ackedAt: 0 };
      const { released, deferred } = await this.deps.gate.pass(client, claimed, now);
      const plan = planFiring(released, now, topicName);
      for (const { timer, reason } of plan.deadLettered) {
        this.deps.logger.error({ timerId: timer.timerId, version: timer.version, reason }, 'timer dead-lettered');
      }
      await producer.publishRecords([
        ...plan.records,
        ...deferred.map((deferral) => deferralRecord(deferral, now, topicName)),
      ]);
      return { claimed: claimed.length, fired: plan.fired, deferred, ackedAt: Date.now() };
    });
    this.record(batch.fired, batch.deferred, batch.ackedAt);
    return batch.claimed;
  }

  /** When the earliest timer still stored is due (epoch ms), null when there is none. */
  nextDueAt(): Promise<number | null> {
    return nextDueAt(this.deps.pool);
  }

  /** After the commit, so a batch that is rolled back and fired again is counted once. */
  private record(timers: ClaimedTimer[], deferred: Deferral[], ackedAt: number): void {
    const { metrics } = this.deps;
    for (const timer of timers) metrics.lateness.observe((ackedAt - timer.dueAt.getTime()) / 1000);
    metrics.countFired(timers.map((timer) => timer.route ?? 'notify'));
    for (const { reason } of deferred) metrics.deferred.inc({ reason });
  }
}
