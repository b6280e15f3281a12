import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ReactionsModule } from '../reactions/reactions.module';
import { IdentityController } from './identity.controller';
import { IdentityHealthConsumer } from './identity-health.consumer';
import { IdentityHealthRepository } from './identity-health.repository';
import { IdentityService } from './identity.service';

@Module({
  imports: [DatabaseModule, ReactionsModule],
  controllers: [IdentityController],
  providers: [IdentityService, IdentityHealthRepository, IdentityHealthConsumer],
})
export class IdentityModule {}
