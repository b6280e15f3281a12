import { Module } from '@nestjs/common';
import { EmailModule } from '../email/email.module';
import { RecordEngagement } from './record-engagement';
import { TrackingController } from './tracking.controller';
import { TrackingModule } from './tracking.module';

/** The /t/... routes recipients' mail clients call, and the outcomes they publish. */
@Module({ imports: [TrackingModule, EmailModule], controllers: [TrackingController], providers: [RecordEngagement] })
export class EngagementModule {}
