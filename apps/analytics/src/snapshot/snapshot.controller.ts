import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import { sequenceParamsSchema, type SequenceParams } from '../sequence-params';
import { GetSequenceSnapshot } from './get-sequence-snapshot.use-case';
import type { SequenceSnapshot } from './sequence-snapshot';

@Controller('v1/sequences')
@UseGuards(ApiKeyGuard)
export class SnapshotController {
  constructor(private readonly getSnapshot: GetSequenceSnapshot) {}

  /** The Step-wise Success Snapshot: one entry per step with Recipients Attempted and its rates. */
  @Get(':sequenceId/snapshot')
  snapshot(
    @TenantId() tenantId: string,
    @Param(new ZodValidationPipe(sequenceParamsSchema)) params: SequenceParams,
  ): Promise<SequenceSnapshot> {
    return this.getSnapshot.execute(tenantId, params.sequenceId);
  }
}
