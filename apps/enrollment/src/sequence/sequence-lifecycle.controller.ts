import { Body, Controller, Delete, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import { ChangeSequenceStatusUseCase } from './change-sequence-status.use-case';
import { EditSequenceUseCase } from './edit-sequence.use-case';
import { SequenceService } from './sequence.service';
import type { Sequence } from './sequence.repository';
import { editSequenceBodySchema, type EditSequenceBody } from './dto/edit-sequence.dto';

/** What a user does to a whole sequence after creating it; each refused move is a 409 naming status and action. */
@Controller('v1/sequences')
@UseGuards(ApiKeyGuard)
export class SequenceLifecycleController {
  constructor(
    private readonly sequences: SequenceService,
    private readonly statuses: ChangeSequenceStatusUseCase,
    private readonly edits: EditSequenceUseCase,
  ) {}

  @Patch(':sequenceId')
  edit(
    @TenantId() tenantId: string,
    @Param('sequenceId') id: string,
    @Body(new ZodValidationPipe(editSequenceBodySchema)) body: EditSequenceBody,
  ): Promise<Sequence> {
    return this.edits.execute(tenantId, id, body);
  }

  @Post(':sequenceId/pause')
  @HttpCode(200)
  pause(@TenantId() tenantId: string, @Param('sequenceId') id: string): Promise<Sequence> {
    return this.statuses.execute(tenantId, id, 'pause');
  }

  @Post(':sequenceId/resume')
  @HttpCode(200)
  resume(@TenantId() tenantId: string, @Param('sequenceId') id: string): Promise<Sequence> {
    return this.statuses.execute(tenantId, id, 'resume');
  }

  @Post(':sequenceId/archive')
  @HttpCode(200)
  archive(@TenantId() tenantId: string, @Param('sequenceId') id: string): Promise<Sequence> {
    return this.statuses.execute(tenantId, id, 'archive');
  }

  @Post(':sequenceId/duplicate')
  duplicate(@TenantId() tenantId: string, @Param('sequenceId') id: string): Promise<Sequence> {
    return this.sequences.duplicate(tenantId, id);
  }

  @Delete(':sequenceId')
  @HttpCode(204)
  delete(@TenantId() tenantId: string, @Param('sequenceId') id: string): Promise<void> {
    return this.sequences.delete(tenantId, id);
  }
}
