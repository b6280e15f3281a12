import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { analyticsConfigSchema } from './config';
import { CampaignModule } from './campaign/campaign.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { OverviewModule } from './overview/overview.module';
import { SnapshotModule } from './snapshot/snapshot.module';

export const SERVICE_NAME = 'analytics';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: SERVICE_NAME,
      configSchema: analyticsConfigSchema,
      database: { schema: 'analytics', migrationsDir: join(__dirname, '..', 'prisma', 'migrations'), outbox: false },
    }),
    IngestionModule,
    SnapshotModule,
    CampaignModule,
    OverviewModule,
  ],
})
export class AppModule {}
