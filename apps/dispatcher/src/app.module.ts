import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { dispatcherConfigSchema } from './config';
import { TimersModule } from './timers/timers.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'dispatcher',
      configSchema: dispatcherConfigSchema,
      database: {
        schema: 'dispatcher',
        migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
        // Fired timers are published while their rows are locked, not through an outbox.
        outbox: false,
      },
    }),
    TimersModule,
  ],
})
export class AppModule {}
