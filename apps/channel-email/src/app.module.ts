import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { channelEmailConfigSchema } from './config';
import { EmailModule } from './email/email.module';
import { InboundModule } from './inbound/inbound.module';
import { MailboxSyncModule } from './mailbox-sync/mailbox-sync.module';
import { EngagementModule } from './tracking/engagement.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'channel-email',
      configSchema: channelEmailConfigSchema,
      database: { schema: 'channel_email', migrationsDir: join(__dirname, '..', 'prisma', 'migrations') },
    }),
    EmailModule,
    EngagementModule,
    InboundModule,
    MailboxSyncModule,
  ],
})
export class AppModule {}
