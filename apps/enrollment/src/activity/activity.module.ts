import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { SequenceModule } from '../sequence/sequence.module';
import { ActivityController } from './activity.controller';
import { ActivityRepository } from './activity.repository';

@Module({
  imports: [DatabaseModule, SequenceModule],
  controllers: [ActivityController],
  providers: [ActivityRepository],
})
export class ActivityModule {}
