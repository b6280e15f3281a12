import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { smsConfigSchema } from './config';
import { SmsModule } from './sms/sms.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'channel-sms',
      configSchema: smsConfigSchema,
      database: { schema: 'channel_sms', migrationsDir: join(__dirname, '..', 'prisma', 'migrations'), poolSize: 5 },
    }),
    SmsModule,
  ],
})
export class AppModule {}
