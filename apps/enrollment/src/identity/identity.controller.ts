import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import { createIdentityBodySchema, type CreateIdentityBody } from './dto/create-identity.dto';
import { updateIdentityBodySchema, type UpdateIdentityBody } from './dto/update-identity.dto';
import { identityView, type IdentityView } from './identity.presenter';
import { IdentityService, type VerifyAnswer } from './identity.service';

/** Secrets go in (PATCH connection) and never come out: every answer goes through identityView. */
@Controller('v1/identities')
@UseGuards(ApiKeyGuard)
export class IdentityController {
  constructor(private readonly identities: IdentityService) {}

  @Post()
  async create(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(createIdentityBodySchema)) body: CreateIdentityBody,
  ): Promise<IdentityView> {
    return identityView(await this.identities.create(tenantId, body));
  }

  @Get()
  async list(@TenantId() tenantId: string): Promise<{ items: IdentityView[] }> {
    return { items: (await this.identities.list(tenantId)).map(identityView) };
  }

  @Get(':identityId')
  async get(@TenantId() tenantId: string, @Param('identityId') id: string): Promise<IdentityView> {
    return identityView(await this.identities.get(tenantId, id));
  }

  @Patch(':identityId')
  async update(
    @TenantId() tenantId: string,
    @Param('identityId') id: string,
    @Body(new ZodValidationPipe(updateIdentityBodySchema)) body: UpdateIdentityBody,
  ): Promise<IdentityView> {
    return identityView(await this.identities.update(tenantId, id, body));
  }

  @Delete(':identityId')
  @HttpCode(204)
  async delete(@TenantId() tenantId: string, @Param('identityId') id: string): Promise<void> {
    await this.identities.delete(tenantId, id);
  }

  /** 200 with what channel-email found, or 202 when it has not answered yet (GET shows it later). */
  @Post(':identityId/verify')
  async verify(
    @TenantId() tenantId: string,
    @Param('identityId') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VerifyAnswer> {
    const answer = await this.identities.verify(tenantId, id);
    response.status(answer.status === 'verified' ? 200 : 202);
    return answer;
  }
}
