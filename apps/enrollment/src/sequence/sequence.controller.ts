import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import { createSequenceBodySchema, type CreateSequenceBody } from './dto/create-sequence.dto';
import { listSequencesQuerySchema, type ListSequencesQuery } from './dto/list-sequences.query';
import { SequenceService } from './sequence.service';
import type { Sequence } from './sequence.repository';

@Controller('v1/sequences')
@UseGuards(ApiKeyGuard)
export class SequenceController {
  constructor(private readonly sequences: SequenceService) {}

  @Post()
  create(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(createSequenceBodySchema)) body: CreateSequenceBody,
  ): Promise<Sequence> {
    return this.sequences.create(tenantId, body);
  }

  @Get()
  async list(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(listSequencesQuerySchema)) query: ListSequencesQuery,
  ): Promise<{ items: Sequence[]; nextCursor: string | null }> {
    return this.sequences.list(tenantId, query);
  }

  @Get(':sequenceId')
  get(@TenantId() tenantId: string, @Param('sequenceId') id: string): Promise<Sequence> {
    return this.sequences.get(tenantId, id);
  }

  @Post(':sequenceId/launch')
  @HttpCode(200)
  launch(@TenantId() tenantId: string, @Param('sequenceId') id: string): Promise<Sequence> {
    return this.sequences.launch(tenantId, id);
  }
}
