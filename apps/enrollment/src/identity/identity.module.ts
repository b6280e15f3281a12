import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';

@Module({ imports: [DatabaseModule], controllers: [IdentityController], providers: [IdentityService] })
export class IdentityModule {}
