import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { smsConfigSchema } from './config';
import { SmsModule } from './sms/sms.module';

/** The Postgres schema this service owns and its migrations (also applied by `main.js migrate`). */
export const DATABASE = { schema: 'channel_sms', migrationsDir: join(__dirname, '..', 'prisma', 'migrations') };

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'channel-sms',
      configSchema: smsConfigSchema,
      database: { ...DATABASE, poolSize: 5 },
    }),
    SmsModule,
  ],
})
export class AppModule {}
