import { Module } from '@nestjs/common';
import { ReactionsModule } from '../reactions/reactions.module';
import { ApplyRecipientActionUseCase } from './apply-recipient-action.use-case';
import { RecipientActionController } from './recipient-action.controller';

@Module({
  imports: [ReactionsModule],
  controllers: [RecipientActionController],
  providers: [ApplyRecipientActionUseCase],
})
export class ActionsModule {}
