import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, Query, UseGuards } from '@nestjs/common';
import type { Pool } from 'pg';
import { inTransaction } from '@stepwise/database';
import { ApiKeyGuard, PG_POOL, TenantId, ZodValidationPipe } from '@stepwise/platform';
import {
  addSuppressionsBodySchema,
  listSuppressionsQuerySchema,
  removeSuppressionBodySchema,
  type AddSuppressionsBody,
  type ListSuppressionsQuery,
  type RemoveSuppressionBody,
} from './dto/suppression.dto';
import { SuppressionRepository, suppressionCursor, type SuppressionEntry } from './suppression.repository';

/**
 * The tenant's suppression list: addresses no sequence may enrol (the enrolment refusal names the
 * entry's reason). Adding does not stop running enrollments; an unsubscribe or do-not-contact signal does.
 */
@Controller('v1/suppressions')
@UseGuards(ApiKeyGuard)
export class SuppressionController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly suppressions: SuppressionRepository,
  ) {}

  @Get()
  async list(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(listSuppressionsQuerySchema)) query: ListSuppressionsQuery,
  ): Promise<{ items: SuppressionEntry[]; nextCursor: string | null }> {
    const items = await inTransaction(this.pool, (client) => this.suppressions.list(client, tenantId, query));
    const last = items.length === query.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? suppressionCursor(last) : null };
  }

  /** Add one entry, or import up to 10,000 at once. */
  @Post()
  async add(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(addSuppressionsBodySchema)) body: AddSuppressionsBody,
  ): Promise<{ added: number; alreadyListed: number }> {
    const added = await inTransaction(this.pool, (client) => this.suppressions.add(client, tenantId, body));
    return { added, alreadyListed: body.entries.length - added };
  }

  @Post('remove')
  @HttpCode(204)
  async remove(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(removeSuppressionBodySchema)) body: RemoveSuppressionBody,
  ): Promise<void> {
    const removed = await inTransaction(this.pool, (client) => this.suppressions.remove(client, tenantId, body));
    if (!removed) throw new NotFoundException(`${body.kind} ${body.value} is not on the suppression list`);
  }
}
