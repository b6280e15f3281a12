import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '@stepwise/platform';
import { SnapshotModule } from '../snapshot/snapshot.module';
import { CampaignStatsController } from './campaign-stats.controller';
import { GetCampaignStats } from './get-campaign-stats.use-case';
import { ReachOutCountersRepository } from './reach-out-counters.repository';

@Module({
  imports: [SnapshotModule],
  controllers: [CampaignStatsController],
  providers: [ApiKeyGuard, GetCampaignStats, ReachOutCountersRepository],
  exports: [ReachOutCountersRepository],
})
export class CampaignModule {}
