import { Body, Controller, Get, Inject, NotFoundException, Param, Patch, UseGuards } from '@nestjs/common';
import type { Pool } from 'pg';
import { ApiKeyGuard, PG_POOL, TenantId, ZodValidationPipe } from '@stepwise/platform';
import { updateRecipientBodySchema, type UpdateRecipientBody } from './dto/update-recipient.dto';
import { RecipientRepository, type StoredRecipient } from './recipient.repository';
import { UpdateRecipientUseCase } from './update-recipient.use-case';

@Controller('v1/recipients')
@UseGuards(ApiKeyGuard)
export class RecipientController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly recipients: RecipientRepository,
    private readonly update: UpdateRecipientUseCase,
  ) {}

  @Get(':recipientId')
  async get(@TenantId() tenantId: string, @Param('recipientId') id: string): Promise<StoredRecipient> {
    const client = await this.pool.connect();
    try {
      const found = await this.recipients.find(client, tenantId, id);
      if (!found) throw new NotFoundException(`recipient ${id} not found`);
      return found;
    } finally {
      client.release();
    }
  }

  @Patch(':recipientId')
  patch(
    @TenantId() tenantId: string,
    @Param('recipientId') id: string,
    @Body(new ZodValidationPipe(updateRecipientBodySchema)) body: UpdateRecipientBody,
  ): Promise<StoredRecipient> {
    return this.update.execute(tenantId, id, body);
  }
}
