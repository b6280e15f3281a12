import { Module } from '@nestjs/common';
import { ReactionsModule } from '../reactions/reactions.module';
import { ApplyRecipientActionUseCase } from './apply-recipient-action.use-case';
import { RecipientActionController } from './recipient-action.controller';
import { UserStepController } from './user-step.controller';

@Module({
  imports: [ReactionsModule],
  controllers: [RecipientActionController, UserStepController],
  providers: [ApplyRecipientActionUseCase],
})
export class ActionsModule {}
