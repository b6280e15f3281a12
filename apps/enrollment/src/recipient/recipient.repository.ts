import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';

export interface StoredRecipient {
  id: string;
  tenantId: string;
  email: string | null;
  phone: string | null;
  linkedinProfile: string | null;
  timezone: string | null;
  variables: Record<string, string>;
  createdAt: Date;
}

const SELECTED = `id, tenant_id AS "tenantId", email, phone, linkedin_profile AS "linkedinProfile", timezone, variables,
  created_at AS "createdAt"`;

/** The recipient table: one person of a tenant, known by email, phone or LinkedIn profile. */
@Injectable()
export class RecipientRepository {
  async find(client: PoolClient, tenantId: string, id: string, lock = false): Promise<StoredRecipient | null> {
    const { rows } = await client.query<StoredRecipient>(
      `SELECT ${SELECTED} FROM recipient WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  /** Another recipient of the tenant holding this email, which is unique per tenant. */
  async holderOfEmail(client: PoolClient, tenantId: string, email: string, except: string): Promise<string | null> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM recipient WHERE tenant_id = $1 AND email = $2 AND id <> $3`,
      [tenantId, email, except],
    );
    return rows[0]?.id ?? null;
  }

  async save(client: PoolClient, recipient: StoredRecipient): Promise<StoredRecipient> {
    const { rows } = await client.query<StoredRecipient>(
      `UPDATE recipient SET email = $3, phone = $4, linkedin_profile = $5, timezone = $6, variables = $7
        WHERE tenant_id = $1 AND id = $2 RETURNING ${SELECTED}`,
      [
        recipient.tenantId,
        recipient.id,
        recipient.email,
        recipient.phone,
        recipient.linkedinProfile,
        recipient.timezone,
        JSON.stringify(recipient.variables),
      ],
    );
    return rows[0];
  }
}
