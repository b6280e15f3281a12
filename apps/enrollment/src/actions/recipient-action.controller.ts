import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import {
  ApplyRecipientActionUseCase,
  type ActionResult,
  type OneActionAnswer,
} from './apply-recipient-action.use-case';
import {
  bulkRecipientActionBodySchema,
  recipientActionSchema,
  type BulkRecipientActionBody,
} from './dto/recipient-action.dto';
import type { RecipientAction } from '../recipient-core/recipient-action-matrix';

@Controller('v1/enrollments')
@UseGuards(ApiKeyGuard)
export class RecipientActionController {
  constructor(private readonly actions: ApplyRecipientActionUseCase) {}

  /** Bulk form (e.g. retry every errored recipient): one result per id, nothing refused silently. */
  @Post('actions')
  @HttpCode(200)
  async bulk(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(bulkRecipientActionBodySchema)) body: BulkRecipientActionBody,
  ): Promise<ActionResult> {
    const { applied, refused, possiblyInFlight, haltPublished } = await this.actions.execute(
      tenantId,
      body.enrollmentIds,
      body.action,
    );
    return { applied, refused, possiblyInFlight, haltPublished };
  }

  /** Answers once the change is published: after a stop's answer no provider call for the recipient begins. */
  @Post(':enrollmentId/actions/:action')
  @HttpCode(200)
  one(
    @TenantId() tenantId: string,
    @Param('enrollmentId') enrollmentId: string,
    @Param('action', new ZodValidationPipe(recipientActionSchema)) action: RecipientAction,
  ): Promise<OneActionAnswer> {
    return this.actions.executeOne(tenantId, enrollmentId, action);
  }
}
