import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '@stepwise/platform';
import { CampaignModule } from '../campaign/campaign.module';
import { SnapshotModule } from '../snapshot/snapshot.module';
import { GetSequenceOverview } from './get-sequence-overview.use-case';
import { OverviewController } from './overview.controller';
import { StepFlowRepository } from './step-flow.repository';

@Module({
  imports: [SnapshotModule, CampaignModule],
  controllers: [OverviewController],
  providers: [ApiKeyGuard, GetSequenceOverview, StepFlowRepository],
})
export class OverviewModule {}
