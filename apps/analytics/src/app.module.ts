import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { analyticsConfigSchema } from './config';
import { CampaignModule } from './campaign/campaign.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { OverviewModule } from './overview/overview.module';
import { SnapshotModule } from './snapshot/snapshot.module';

export const SERVICE_NAME = 'analytics';

/** The Postgres schema this service owns and its migrations (also applied by `main.js migrate`). */
export const DATABASE = { schema: 'analytics', migrationsDir: join(__dirname, '..', 'prisma', 'migrations') };

@Module({
  imports: [
    PlatformModule.forRoot({
      service: SERVICE_NAME,
      configSchema: analyticsConfigSchema,
      database: { ...DATABASE, outbox: false },
    }),
    IngestionModule,
    SnapshotModule,
    CampaignModule,
    OverviewModule,
  ],
})
export class AppModule {}
