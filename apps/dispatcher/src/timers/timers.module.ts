import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { MetricsRegistry } from '@stepwise/observability';
import { PG_POOL, PlatformRuntime, SERVICE_CONFIG } from '@stepwise/platform';
import type { DispatcherConfig } from '../config';
import { DispatcherMetrics } from './dispatcher-metrics';
import { FireDueTimers } from './fire-due-timers';
import { NextDueAlarm } from './next-due-alarm';
import { SendGate } from './send-gate';
import { TimerClaimService } from './timer-claim.service';
import { TimerCommandConsumer } from './timer-command.consumer';
import { TimerHousekeepingService } from './timer-housekeeping.service';

/** Durable timers: stored from commands, fired when due, kept tidy. */
@Module({
  providers: [
    TimerCommandConsumer,
    { provide: NextDueAlarm, useValue: new NextDueAlarm() },
    {
      provide: DispatcherMetrics,
      inject: [MetricsRegistry],
      useFactory: (registry: MetricsRegistry) => new DispatcherMetrics(registry),
    },
    {
      provide: TimerClaimService,
      inject: [PlatformRuntime, PG_POOL, SERVICE_CONFIG, DispatcherMetrics, NextDueAlarm],
      useFactory: (
        runtime: PlatformRuntime,
        pool: Pool,
        config: DispatcherConfig,
        metrics: DispatcherMetrics,
        alarm: NextDueAlarm,
      ) => {
        const fireDue = new FireDueTimers({
          pool,
          producer: runtime.producer,
          topicName: (topic) => runtime.topics.name(topic),
          metrics,
          logger: runtime.logger,
          batchSize: config.DISPATCHER_BATCH_SIZE,
          gate: new SendGate({ spreadMs: config.DISPATCHER_RELEASE_SPREAD_SECONDS * 1000, random: Math.random }),
        });
        const settings = {
          batchSize: config.DISPATCHER_BATCH_SIZE,
          idlePollMs: config.DISPATCHER_IDLE_POLL_MS,
          maxIdleMs: config.DISPATCHER_MAX_IDLE_MS,
          concurrentBatches: config.DISPATCHER_CONCURRENT_BATCHES,
        };
        return new TimerClaimService(fireDue, settings, runtime.logger, alarm);
      },
    },
    {
      provide: TimerHousekeepingService,
      inject: [PlatformRuntime, PG_POOL, SERVICE_CONFIG, DispatcherMetrics],
      useFactory: (runtime: PlatformRuntime, pool: Pool, config: DispatcherConfig, metrics: DispatcherMetrics) =>
        new TimerHousekeepingService(
          pool,
          metrics,
          { tombstoneRetentionHours: config.DISPATCHER_TOMBSTONE_RETENTION_HOURS },
          runtime.logger,
        ),
    },
  ],
})
export class TimersModule {}
