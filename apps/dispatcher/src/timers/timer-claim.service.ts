import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { FireDueTimers } from './fire-due-timers';
import { NextDueAlarm } from './next-due-alarm';

export interface ClaimLoopSettings {
  batchSize: number;
  /** Shortest wait after a claim that was not full: timers due within it are fired together. */
  idlePollMs: number;
  /**
   * Longest wait when nothing is known to be due: bounds how long a timer stored by another
   * dispatcher instance that then died goes unseen.
   */
  maxIdleMs: number;
  /**
   * Batches in flight at once (default 1), each in its own transaction on its own connection.
   * While one waits for Kafka's acks the next is claimed, so neither Postgres nor the broker
   * sits idle; SKIP LOCKED keeps their rows disjoint as it does across instances.
   */
  concurrentBatches?: number;
}

/** After a failed batch (database or broker away): long enough not to spin, short enough to catch up fast. */
const ERROR_BACKOFF_MS = 1_000;

/**
 * The dispatcher's clock: fires due timers batch after batch. A full batch means more are due
 * now, so the next claim follows at once. Otherwise the first loop (lane) sleeps until the next
 * stored timer is due, or until the command consumer stores one due sooner (`alarm`), and never
 * less than the idle poll, which lets a trickle gather into one claim; the other lanes, there for
 * throughput, sleep until the first finds a full batch. Any number of instances can run this side
 * by side.
 *
 * Started once the application is up; stopped in onModuleDestroy, which Nest runs before the
 * platform disconnects the producer and closes the pool, so the batch in flight completes.
 */
export class TimerClaimService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly stopping = new AbortController();
  private readonly laneAlarms: NextDueAlarm[];
  private lanes: Promise<void[]> | undefined;

  constructor(
    private readonly fireDue: FireDueTimers,
    private readonly settings: ClaimLoopSettings,
    private readonly logger: Logger,
    alarm: NextDueAlarm = new NextDueAlarm(),
  ) {
    const count = settings.concurrentBatches ?? 1;
    this.laneAlarms = [alarm, ...Array.from({ length: count - 1 }, () => new NextDueAlarm())];
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.lanes ??= Promise.all(this.laneAlarms.map((_, lane) => this.run(lane)));
  }

  /** Wakes a waiting loop at once; resolves when the batch in flight (if any) has committed. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.lanes;
  }

  private async run(lane: number): Promise<void> {
    const { signal } = this.stopping;
    const alarm = this.laneAlarms[lane] as NextDueAlarm;
    while (!signal.aborted) {
      try {
        const claimed = await this.fireDue.fireBatch();
        if (claimed >= this.settings.batchSize) {
          if (lane === 0) for (const helper of this.laneAlarms.slice(1)) helper.ringNow();
          continue;
        }
        await this.idle(lane, alarm, signal);
      } catch (error) {
        this.logger.error({ err: error }, 'firing due timers failed; the batch was rolled back and will be retried');
        await alarm.wait(Date.now() + ERROR_BACKOFF_MS, 0, signal);
      }
    }
  }

  private async idle(lane: number, alarm: NextDueAlarm, signal: AbortSignal): Promise<void> {
    const now = Date.now();
    const latest = now + this.settings.maxIdleMs;
    const next = lane === 0 ? await this.fireDue.nextDueAt() : null;
    await alarm.wait(Math.min(next ?? latest, latest), now + this.settings.idlePollMs, signal);
  }
}
