import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { RecipientController } from './recipient.controller';
import { RecipientRepository } from './recipient.repository';
import { UpdateRecipientUseCase } from './update-recipient.use-case';

@Module({
  imports: [DatabaseModule],
  controllers: [RecipientController],
  providers: [RecipientRepository, UpdateRecipientUseCase],
})
export class RecipientModule {}
