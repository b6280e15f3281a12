import { setTimeout as sleep } from 'node:timers/promises';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { FireDueTimers } from './fire-due-timers';

export interface ClaimLoopSettings {
  batchSize: number;
  idlePollMs: number;
}

/** After a failed batch (database or broker away): long enough not to spin, short enough to catch up fast. */
const ERROR_BACKOFF_MS = 1_000;

/**
 * The dispatcher's clock: fires due timers batch after batch. A full batch means more are due
 * now, so the next claim follows at once; otherwise it waits the idle poll, which bounds how late
 * a timer fires when the system is quiet. Any number of instances can run this side by side.
 *
 * Started once the application is up; stopped in onModuleDestroy, which Nest runs before the
 * platform disconnects the producer and closes the pool, so the batch in flight completes.
 */
export class TimerClaimService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

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
    this.loop ??= this.run();
  }

  /** Wakes a waiting loop at once; resolves when the batch in flight (if any) has committed. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { signal } = this.stopping;
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
