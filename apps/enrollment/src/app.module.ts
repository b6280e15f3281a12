import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { PlatformModule } from '@stepwise/platform';
import { enrollmentConfigSchema } from './config';
import { ActionsModule } from './actions/actions.module';
import { ActivityModule } from './activity/activity.module';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { IdentityModule } from './identity/identity.module';
import { ReactionsModule } from './reactions/reactions.module';
import { RecipientModule } from './recipient/recipient.module';
import { SuppressionModule } from './suppression/suppression.module';
import { SequenceLifecycleModule } from './sequence/sequence-lifecycle.module';
import { SequenceModule } from './sequence/sequence.module';

/** The Postgres schema this service owns and its migrations (also applied by `main.js migrate`). */
export const DATABASE = { schema: 'enrollment', migrationsDir: join(__dirname, '..', 'prisma', 'migrations') };

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'enrollment',
      configSchema: enrollmentConfigSchema,
      database: DATABASE,
    }),
    SequenceModule,
    IdentityModule,
    EnrollmentModule,
    RecipientModule,
    SuppressionModule,
    ReactionsModule,
    ActionsModule,
    ActivityModule,
    SequenceLifecycleModule,
  ],
})
export class AppModule {}
