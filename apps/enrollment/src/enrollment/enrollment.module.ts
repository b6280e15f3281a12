import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { SequenceModule } from '../sequence/sequence.module';
import { EnrollRecipientsUseCase } from './enroll-recipients.use-case';
import { EnrollmentBulkRepository } from './enrollment-bulk.repository';
import { EnrollmentController } from './enrollment.controller';
import { EnrollmentQuery } from './enrollment.query';
import { EnrollmentRepository } from '../recipient-store/enrollment.repository';

@Module({
  imports: [DatabaseModule, SequenceModule],
  controllers: [EnrollmentController],
  providers: [EnrollRecipientsUseCase, EnrollmentBulkRepository, EnrollmentQuery, EnrollmentRepository],
  exports: [EnrollmentRepository],
})
export class EnrollmentModule {}
