import { setTimeout as sleep } from 'node:timers/promises';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { FireDueTimers } from './fire-due-timers';

export interface ClaimLoopSettings {
  batchSize: number;
  idlePollMs: number;
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
 * now, so the next claim follows at once; otherwise it waits the idle poll, which bounds how late
 * a timer fires when the system is quiet. Any number of instances can run this side by side, and
 * each runs `concurrentBatches` loops (lanes) side by side: their idle polls are staggered, so
 * a quiet dispatcher looks for due timers every idlePollMs / lanes.
 *
 * Started once the application is up; stopped in onModuleDestroy, which Nest runs before the
 * platform disconnects the producer and closes the pool, so the batch in flight completes.
 */
export class TimerClaimService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly stopping = new AbortController();
  private lanes: Promise<void[]> | undefined;

  constructor(
    private readonly fireDue: FireDueTimers,
    private readonly settings: ClaimLoopSettings,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    const count = this.settings.concurrentBatches ?? 1;
    const stagger = this.settings.idlePollMs / count;
    this.lanes ??= Promise.all(Array.from({ length: count }, (_, lane) => this.run(lane * stagger)));
  }

  /** Wakes a waiting loop at once; resolves when the batch in flight (if any) has committed. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.lanes;
  }

  private async run(startAfterMs: number): Promise<void> {
    const { signal } = this.stopping;
    if (startAfterMs > 0) await pause(startAfterMs, signal);
    while (!signal.aborted) {
      let claimed: number;
      try {
        claimed = await this.fireDue.fireBatch();
      } catch (error) {
        this.logger.error({ err: error }, 'firing due timers failed; the batch was rolled back and will be retried');
        await pause(ERROR_BACKOFF_MS, signal);
        continue;
      }
      if (claimed < this.settings.batchSize) await pause(this.settings.idlePollMs, signal);
    }
  }
}

/** Sleeps, or returns early when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}
