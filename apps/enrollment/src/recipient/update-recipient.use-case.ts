import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Pool } from 'pg';
import { inTransaction } from '@stepwise/database';
import { PG_POOL } from '@stepwise/platform';
import type { UpdateRecipientBody } from './dto/update-recipient.dto';
import { RecipientRepository, type StoredRecipient } from './recipient.repository';

/**
 * Corrects a recipient's contact fields, variables or time zone. The recipient keeps at least one
 * way to be reached, and an email stays unique within the tenant (409 naming who holds it).
 */
@Injectable()
export class UpdateRecipientUseCase {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly recipients: RecipientRepository,
  ) {}

  execute(tenantId: string, id: string, body: UpdateRecipientBody): Promise<StoredRecipient> {
    return inTransaction(this.pool, async (client) => {
      const stored = await this.recipients.find(client, tenantId, id, true);
      if (!stored) throw new NotFoundException(`recipient ${id} not found`);
      const next: StoredRecipient = {
        ...stored,
        ...(body.email !== undefined ? { email: body.email } : {}),
        ...(body.phone !== undefined ? { phone: body.phone } : {}),
        ...(body.linkedinProfile !== undefined ? { linkedinProfile: body.linkedinProfile } : {}),
        ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
        ...(body.variables !== undefined ? { variables: body.variables } : {}),
      };
      if (!next.email && !next.phone && !next.linkedinProfile) {
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: 'a recipient needs an email, phone or linkedinProfile',
          errors: [{ field: 'email', message: 'a recipient needs an email, phone or linkedinProfile' }],
        });
      }
      if (next.email && next.email !== stored.email) {
        const holder = await this.recipients.holderOfEmail(client, tenantId, next.email, id);
        if (holder) throw new ConflictException(`email ${next.email} belongs to recipient ${holder}`);
      }
      return this.recipients.save(client, next);
    });
  }
}
