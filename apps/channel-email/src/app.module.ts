import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { channelEmailConfigSchema } from './config';
import { EmailModule } from './email/email.module';
import { InboundModule } from './inbound/inbound.module';
import { MailboxSyncModule } from './mailbox-sync/mailbox-sync.module';
import { EngagementModule } from './tracking/engagement.module';

/** The Postgres schema this service owns and its migrations (also applied by `main.js migrate`). */
export const DATABASE = { schema: 'channel_email', migrationsDir: join(__dirname, '..', 'prisma', 'migrations') };

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'channel-email',
      configSchema: channelEmailConfigSchema,
      database: DATABASE,
    }),
    EmailModule,
    EngagementModule,
    InboundModule,
    MailboxSyncModule,
  ],
})
export class AppModule {}
