import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import {
  enrollRecipientsBodySchema,
  type EnrollRecipientsBody,
  type EnrollRecipientsResult,
} from './dto/enroll-recipients.dto';
import { listEnrollmentsQuerySchema, type ListEnrollmentsQuery } from './dto/list-enrollments.query';
import { EnrollRecipientsUseCase } from './enroll-recipients.use-case';
import { EnrollmentQuery } from './enrollment.query';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class EnrollmentController {
  constructor(
    private readonly enrollRecipients: EnrollRecipientsUseCase,
    private readonly query: EnrollmentQuery,
  ) {}

  @Post('sequences/:sequenceId/enrollments')
  enroll(
    @TenantId() tenantId: string,
    @Param('sequenceId') sequenceId: string,
    @Body(new ZodValidationPipe(enrollRecipientsBodySchema)) body: EnrollRecipientsBody,
  ): Promise<EnrollRecipientsResult> {
    return this.enrollRecipients.execute(tenantId, sequenceId, body.recipients);
  }

  @Get('sequences/:sequenceId/enrollments')
  list(
    @TenantId() tenantId: string,
    @Param('sequenceId') sequenceId: string,
    @Query(new ZodValidationPipe(listEnrollmentsQuerySchema)) query: ListEnrollmentsQuery,
  ) {
    return this.query.list(tenantId, sequenceId, query);
  }

  @Get('enrollments/:enrollmentId')
  get(@TenantId() tenantId: string, @Param('enrollmentId') enrollmentId: string) {
    return this.query.get(tenantId, enrollmentId);
  }
}
