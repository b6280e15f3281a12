import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import type { CampaignStats } from './campaign-stats';
import { sequenceParamsSchema, type SequenceParams } from '../sequence-params';
import { campaignStatsQuerySchema, type CampaignStatsQuery } from './campaign-stats-query';
import { GetCampaignStats } from './get-campaign-stats.use-case';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class CampaignStatsController {
  constructor(private readonly getStats: GetCampaignStats) {}

  /** Reach outs created between from and to (UTC days, inclusive), with what became of them since. */
  @Get('sequences/:sequenceId/campaign-stats')
  ofSequence(
    @TenantId() tenantId: string,
    @Param(new ZodValidationPipe(sequenceParamsSchema)) params: SequenceParams,
    @Query(new ZodValidationPipe(campaignStatsQuerySchema)) query: CampaignStatsQuery,
  ): Promise<CampaignStats> {
    return this.getStats.ofSequence(tenantId, params.sequenceId, query);
  }

  /** The same over every sequence of the tenant. */
  @Get('campaign-stats')
  ofTenant(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(campaignStatsQuerySchema)) query: CampaignStatsQuery,
  ): Promise<CampaignStats> {
    return this.getStats.ofTenant(tenantId, query);
  }
}
