import { Module } from '@nestjs/common';
import { ReactionsModule } from '../reactions/reactions.module';
import { ChangeSequenceStatusUseCase } from './change-sequence-status.use-case';
import { EditSequenceUseCase } from './edit-sequence.use-case';
import { SequenceLifecycleController } from './sequence-lifecycle.controller';
import { SequenceRecipientsRepository } from './sequence-recipients.repository';
import { SequenceModule } from './sequence.module';

/** Apart from SequenceModule because it moves recipients through the reaction pipeline, which needs the catalog. */
@Module({
  imports: [SequenceModule, ReactionsModule],
  controllers: [SequenceLifecycleController],
  providers: [ChangeSequenceStatusUseCase, EditSequenceUseCase, SequenceRecipientsRepository],
})
export class SequenceLifecycleModule {}
