import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { sealedConnectionSchema, type IdentityConnection, type SealedConnection } from '@stepwise/contracts';
import { PG_POOL } from '@stepwise/platform';

export interface StoredConnection {
  identityId: string;
  tenantId: string;
  address: string;
  revision: number;
  connection: SealedConnection;
  createdAt: Date;
}

interface ConnectionRow {
  identity_id: string;
  tenant_id: string;
  address: string;
  revision: number;
  connection: unknown;
  created_at: Date;
}

/** channel-email's copy of the identity-connections topic: one row per identity, newest revision wins. */
@Injectable()
export class IdentityConnectionRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async upsert(records: readonly { tenantId: string; payload: IdentityConnection['payload'] }[]): Promise<void> {
    if (records.length === 0) return;
    await this.pool.query(
      `INSERT INTO identity_connection AS c (identity_id, tenant_id, address, revision, connection)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::jsonb[])
       ON CONFLICT (identity_id) DO UPDATE
         SET tenant_id = EXCLUDED.tenant_id, address = EXCLUDED.address, revision = EXCLUDED.revision,
             connection = EXCLUDED.connection, updated_at = now()
         WHERE c.revision < EXCLUDED.revision`,
      [
        records.map((r) => r.payload.identityId),
        records.map((r) => r.tenantId),
        records.map((r) => r.payload.address),
        records.map((r) => r.payload.revision),
        records.map((r) => (r.payload.connection ? JSON.stringify(r.payload.connection) : null)),
      ],
    );
  }

  async find(identityId: string): Promise<StoredConnection | null> {
    const { rows } = await this.pool.query<ConnectionRow>(
      `SELECT identity_id, tenant_id, address, revision, connection, created_at FROM identity_connection
       WHERE identity_id = $1 AND connection IS NOT NULL`,
      [identityId],
    );
    return rows.length > 0 ? storedOf(rows[0]) : null;
  }

  /** Identities whose replies are read over IMAP. */
  async withMailbox(identityIds?: readonly string[]): Promise<StoredConnection[]> {
    const { rows } = await this.pool.query<ConnectionRow>(
      `SELECT identity_id, tenant_id, address, revision, connection, created_at FROM identity_connection
       WHERE connection ? 'imap' AND ($1::text[] IS NULL OR identity_id = ANY($1::text[]))
       ORDER BY identity_id`,
      [identityIds ?? null],
    );
    return rows.map(storedOf);
  }
}

function storedOf(row: ConnectionRow): StoredConnection {
  return {
    identityId: row.identity_id,
    tenantId: row.tenant_id,
    address: row.address,
    revision: row.revision,
    connection: sealedConnectionSchema.parse(row.connection),
    createdAt: row.created_at,
  };
}
