import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import { ApplyRecipientActionUseCase } from './apply-recipient-action.use-case';
import { sendManualEmailBodySchema, type SendManualEmailBody } from './dto/send-manual-email.dto';
import { setResumeDateBodySchema, type SetResumeDateBody } from './dto/set-resume-date.dto';
import { completeTask, sendManualEmail, setResumeDate } from '../recipient-core/user-step-transitions';

/** What the user does on a Pending Action step: send the manual email, or complete the task. */
@Controller('v1/enrollments')
@UseGuards(ApiKeyGuard)
export class UserStepController {
  constructor(private readonly actions: ApplyRecipientActionUseCase) {}

  @Post(':enrollmentId/manual-email/send')
  @HttpCode(204)
  async sendManualEmail(
    @TenantId() tenantId: string,
    @Param('enrollmentId') enrollmentId: string,
    @Body(new ZodValidationPipe(sendManualEmailBodySchema)) body: SendManualEmailBody,
  ): Promise<void> {
    const sendAt = body.sendAt ? new Date(body.sendAt) : undefined;
    await this.actions.runOne(tenantId, enrollmentId, sendManualEmail({ ...body, sendAt }));
  }

  @Post(':enrollmentId/out-of-office/resume-date')
  @HttpCode(204)
  async setResumeDate(
    @TenantId() tenantId: string,
    @Param('enrollmentId') enrollmentId: string,
    @Body(new ZodValidationPipe(setResumeDateBodySchema)) body: SetResumeDateBody,
  ): Promise<void> {
    await this.actions.runOne(tenantId, enrollmentId, setResumeDate(body.resumeOn));
  }

  @Post(':enrollmentId/task/complete')
  @HttpCode(204)
  async completeTask(@TenantId() tenantId: string, @Param('enrollmentId') enrollmentId: string): Promise<void> {
    await this.actions.runOne(tenantId, enrollmentId, completeTask());
  }
}
