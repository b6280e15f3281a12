import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { AddSuppressionsBody, ListSuppressionsQuery, RemoveSuppressionBody } from './dto/suppression.dto';

export interface SuppressionEntry {
  kind: string;
  value: string;
  reason: string;
  addedBy: string | null;
  createdAt: Date;
}

/** The tenant's suppression list and the record of removals: multi-row statements only. */
@Injectable()
export class SuppressionRepository {
  /** One page in (kind, value) order; the cursor is the last row's kind and value. */
  async list(client: PoolClient, tenantId: string, query: ListSuppressionsQuery): Promise<SuppressionEntry[]> {
    const [kind, value] = query.cursor ? splitCursor(query.cursor) : [null, null];
    const { rows } = await client.query<SuppressionEntry>(
      `SELECT kind, value, reason, added_by AS "addedBy", created_at AS "createdAt" FROM suppression
        WHERE tenant_id = $1 AND ($2::text IS NULL OR kind = $2)
          AND ($3::text IS NULL OR (kind, value) > ($3::text, $4::text))
        ORDER BY kind, value LIMIT $5`,
      [tenantId, query.kind ?? null, kind, value, query.limit],
    );
    return rows;
  }

  /** Adds the entries not on the list yet; returns how many were new. */
  async add(client: PoolClient, tenantId: string, body: AddSuppressionsBody): Promise<number> {
    const { rowCount } = await client.query(
      `INSERT INTO suppression (tenant_id, kind, value, reason, added_by)
       SELECT $1, k, v, r, $5 FROM unnest($2::text[], $3::text[], $4::text[]) AS u(k, v, r)
       ON CONFLICT DO NOTHING`,
      [
        tenantId,
        body.entries.map((e) => e.kind),
        body.entries.map((e) => e.value),
        body.entries.map((e) => e.reason),
        body.by,
      ],
    );
    return rowCount ?? 0;
  }

  /** Takes the entry off the list and records who and why, in the caller's transaction; false when absent. */
  async remove(client: PoolClient, tenantId: string, body: RemoveSuppressionBody): Promise<boolean> {
    const { rowCount } = await client.query(
      `WITH removed AS (
         DELETE FROM suppression WHERE tenant_id = $1 AND kind = $2 AND value = $3 RETURNING tenant_id, kind, value
       )
       INSERT INTO suppression_removal (tenant_id, kind, value, reason, removed_by)
       SELECT tenant_id, kind, value, $4, $5 FROM removed`,
      [tenantId, body.kind, body.value, body.reason, body.by],
    );
    return (rowCount ?? 0) > 0;
  }
}

export function suppressionCursor(entry: Pick<SuppressionEntry, 'kind' | 'value'>): string {
  return `${entry.kind}:${entry.value}`;
}

function splitCursor(cursor: string): [string, string] {
  const at = cursor.indexOf(':');
  return at < 0 ? [cursor, ''] : [cursor.slice(0, at), cursor.slice(at + 1)];
}
