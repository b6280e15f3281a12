import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { SequenceCatalog } from '../recipient-store/sequence-catalog';
import { SequenceController } from './sequence.controller';
import { SequenceRepository } from './sequence.repository';
import { SequenceService } from './sequence.service';
import { LaunchIdentitiesRepository } from './launch-identities.repository';

@Module({
  imports: [DatabaseModule],
  controllers: [SequenceController],
  providers: [SequenceRepository, SequenceService, SequenceCatalog, LaunchIdentitiesRepository],
  exports: [SequenceService, SequenceCatalog],
})
export class SequenceModule {}
