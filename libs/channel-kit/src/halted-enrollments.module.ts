import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@stepwise/platform';
import { EnrollmentStatusConsumer } from './enrollment-status.consumer';
import { EnrollmentStatusRepository } from './enrollment-status.repository';
import { HaltedEnrollmentScreen } from './halted-enrollment-screen';

/**
 * A channel's copy of which enrollments halted (its own enrollment_status table, fed by
 * enrollment.transitioned) and the screen its send path asks before calling the provider.
 */
@Module({
  providers: [
    {
      provide: EnrollmentStatusRepository,
      inject: [PG_POOL],
      useFactory: (pool: Pool) => new EnrollmentStatusRepository(pool),
    },
    {
      provide: HaltedEnrollmentScreen,
      inject: [EnrollmentStatusRepository],
      useFactory: (statuses: EnrollmentStatusRepository) => new HaltedEnrollmentScreen(statuses),
    },
    EnrollmentStatusConsumer,
  ],
  exports: [HaltedEnrollmentScreen],
})
export class HaltedEnrollmentsModule {}
