import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import { Topics } from '@stepwise/contracts';
import { consumerGroupId, PG_POOL, PlatformRuntime } from '@stepwise/platform';
import { EnrollmentStatusConsumer, HALT_CONSUMER_NAME } from './enrollment-status.consumer';
import { EnrollmentStatusRepository } from './enrollment-status.repository';
import { HaltFeedBarrier } from './halt-feed-barrier';
import { HaltedEnrollmentScreen } from './halted-enrollment-screen';

/** Longest the send path waits for the halt consumer to catch up before its batch is retried. */
const BARRIER_TIMEOUT_MS = 10_000;

/**
 * A channel's copy of which enrollments are halted (its own enrollment_status table, fed by
 * enrollment's halt feed), the read barrier on that feed, and the screen its send path asks
 * before claiming and again right before calling the provider.
 */
@Module({
  providers: [
    {
      provide: EnrollmentStatusRepository,
      inject: [PG_POOL],
      useFactory: (pool: Pool) => new EnrollmentStatusRepository(pool),
    },
    {
      provide: HaltFeedBarrier,
      inject: [PlatformRuntime],
      useFactory: (runtime: PlatformRuntime) =>
        new HaltFeedBarrier({
          kafka: runtime.kafka,
          topic: runtime.topics.name(Topics.enrollmentHalts),
          groupId: consumerGroupId(runtime.config.KAFKA_GROUP_PREFIX, runtime.service, HALT_CONSUMER_NAME),
          timeoutMs: BARRIER_TIMEOUT_MS,
        }),
    },
    {
      provide: HaltedEnrollmentScreen,
      inject: [EnrollmentStatusRepository, HaltFeedBarrier],
      useFactory: (statuses: EnrollmentStatusRepository, barrier: HaltFeedBarrier) =>
        new HaltedEnrollmentScreen(statuses, barrier),
    },
    EnrollmentStatusConsumer,
  ],
  exports: [HaltedEnrollmentScreen],
})
export class HaltedEnrollmentsModule implements OnModuleDestroy {
  constructor(@Inject(HaltFeedBarrier) private readonly barrier: HaltFeedBarrier) {}

  async onModuleDestroy(): Promise<void> {
    await this.barrier.close();
  }
}
