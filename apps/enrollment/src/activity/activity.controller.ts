import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import { SequenceService } from '../sequence/sequence.service';
import { listActivityQuerySchema, type ListActivityQuery } from './dto/list-activity.query';
import { ActivityRepository, type ActivityEntry } from './activity.repository';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class ActivityController {
  constructor(
    private readonly sequences: SequenceService,
    private readonly activity: ActivityRepository,
  ) {}

  @Get('sequences/:sequenceId/activity')
  async list(
    @TenantId() tenantId: string,
    @Param('sequenceId') sequenceId: string,
    @Query(new ZodValidationPipe(listActivityQuerySchema)) query: ListActivityQuery,
  ): Promise<{ items: ActivityEntry[]; nextCursor: string | null }> {
    // 404 for an unknown, deleted or another tenant's sequence, rather than an empty page.
    await this.sequences.get(tenantId, sequenceId);
    return this.activity.page(tenantId, sequenceId, query);
  }
}
