import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, TenantId, ZodValidationPipe } from '@stepwise/platform';
import type { SenderIdentity } from '../generated/prisma/client';
import { createIdentityBodySchema, type CreateIdentityBody } from './dto/create-identity.dto';
import { IdentityService } from './identity.service';

@Controller('v1/identities')
@UseGuards(ApiKeyGuard)
export class IdentityController {
  constructor(private readonly identities: IdentityService) {}

  @Post()
  create(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(createIdentityBodySchema)) body: CreateIdentityBody,
  ): Promise<SenderIdentity> {
    return this.identities.create(tenantId, body);
  }

  @Get()
  async list(@TenantId() tenantId: string): Promise<{ items: SenderIdentity[] }> {
    return { items: await this.identities.list(tenantId) };
  }
}
