import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import { GetSequenceSnapshot } from './get-sequence-snapshot.use-case';
import type { SequenceSnapshot } from './sequence-snapshot';

/** Validated as an object so a 400 names the parameter; ids are at most 64 characters in every contract. */
const snapshotParamsSchema = z.object({ sequenceId: z.string().min(1).max(64) });

@Controller('v1/sequences')
@UseGuards(ApiKeyGuard)
export class SnapshotController {
  constructor(private readonly getSnapshot: GetSequenceSnapshot) {}

  /** The Step-wise Success Snapshot: one entry per step with Recipients Attempted and its rates. */
  @Get(':sequenceId/snapshot')
  snapshot(
    @TenantId() tenantId: string,
    @Param(new ZodValidationPipe(snapshotParamsSchema)) params: z.infer<typeof snapshotParamsSchema>,
  ): Promise<SequenceSnapshot> {
    return this.getSnapshot.execute(tenantId, params.sequenceId);
  }
}
