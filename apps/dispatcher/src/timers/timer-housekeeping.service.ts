import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { PeriodicJob } from '@stepwise/platform';
import type { DispatcherMetrics } from './dispatcher-metrics';
import { countDueTimers, pruneTombstones } from './timer.repository';

export interface HousekeepingSettings {
  tombstoneRetentionHours: number;
}

/** A scrape every 15 s or so sees a value at most one refresh old; the count reads at most 10k index entries. */
const BACKLOG_REFRESH_MS = 5_000;
/** Tombstones only need to outlive the command topic's retention; an hourly sweep is plenty. */
const PRUNE_EVERY_MS = 60 * 60 * 1_000;

/** The dispatcher's background chores: the due-backlog gauge and the tombstone sweep. */
export class TimerHousekeepingService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly tasks: PeriodicJob[];

  constructor(pool: Pool, metrics: DispatcherMetrics, settings: HousekeepingSettings, logger: Logger) {
    this.tasks = [
      new PeriodicJob(
        { name: 'due-backlog-gauge', intervalMs: BACKLOG_REFRESH_MS, runAtStart: true },
        async () => metrics.duePending.set(await countDueTimers(pool)),
        logger,
      ),
      new PeriodicJob(
        { name: 'prune-tombstones', intervalMs: PRUNE_EVERY_MS, runAtStart: true },
        async () => {
          const pruned = await pruneTombstones(pool, settings.tombstoneRetentionHours);
          if (pruned > 0) logger.info({ pruned }, 'expired timer tombstones pruned');
        },
        logger,
      ),
    ];
  }

  onApplicationBootstrap(): void {
    for (const task of this.tasks) task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.stop()));
  }
}
