import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '@stepwise/platform';
import { GetSequenceSnapshot } from './get-sequence-snapshot.use-case';
import { SnapshotController } from './snapshot.controller';
import { SnapshotRepository } from './snapshot.repository';

@Module({
  controllers: [SnapshotController],
  providers: [ApiKeyGuard, GetSequenceSnapshot, SnapshotRepository],
  exports: [SnapshotRepository],
})
export class SnapshotModule {}
