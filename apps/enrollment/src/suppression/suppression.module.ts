import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { SuppressionController } from './suppression.controller';
import { SuppressionRepository } from './suppression.repository';

@Module({
  imports: [DatabaseModule],
  controllers: [SuppressionController],
  providers: [SuppressionRepository],
})
export class SuppressionModule {}
