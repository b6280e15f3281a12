import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import { sequenceParamsSchema, type SequenceParams } from '../sequence-params';
import { GetSequenceOverview } from './get-sequence-overview.use-case';
import type { SequenceOverview } from './sequence-overview';

@Controller('v1/sequences')
@UseGuards(ApiKeyGuard)
export class OverviewController {
  constructor(private readonly getOverview: GetSequenceOverview) {}

  /** KPIs per channel over every reach out of the sequence, and the recipients currently at each step. */
  @Get(':sequenceId/overview')
  overview(
    @TenantId() tenantId: string,
    @Param(new ZodValidationPipe(sequenceParamsSchema)) params: SequenceParams,
  ): Promise<SequenceOverview> {
    return this.getOverview.execute(tenantId, params.sequenceId);
  }
}
