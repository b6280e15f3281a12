import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { dispatcherConfigSchema } from './config';
import { TimersModule } from './timers/timers.module';

/** The Postgres schema this service owns and its migrations (also applied by `main.js migrate`). */
export const DATABASE = { schema: 'dispatcher', migrationsDir: join(__dirname, '..', 'prisma', 'migrations') };

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'dispatcher',
      configSchema: dispatcherConfigSchema,
      // Fired timers are published while their rows are locked, not through an outbox.
      database: { ...DATABASE, outbox: false },
    }),
    TimersModule,
  ],
})
export class AppModule {}
