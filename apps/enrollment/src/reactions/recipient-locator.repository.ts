import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '@stepwise/platform';
import { FINAL_STATUSES } from '../recipient-core/enrollment-state';

export interface Locator {
  enrollmentId?: string;
  email?: string;
  phone?: string;
  linkedinProfile?: string;
}

export interface LocatedRecipient {
  tenantId: string;
  recipientId: string;
  email: string | null;
  phone: string | null;
  linkedinProfile: string | null;
  /** The recipient's enrollments that can still change (not in a final status). */
  openEnrollmentIds: string[];
  /** The enrollments a reply reaches: the open ones and those completed (a reply after the last step). */
  repliableEnrollmentIds: string[];
}

/** Finds the recipient an external event names, and every enrollment of theirs still running. */
@Injectable()
export class RecipientLocatorRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async locate(tenantId: string, locator: Locator): Promise<LocatedRecipient | null> {
    const { rows } = await this.pool.query<{
      id: string;
      email: string | null;
      phone: string | null;
      linkedin_profile: string | null;
      open_ids: string[] | null;
      repliable_ids: string[] | null;
    }>(
      `SELECT r.id, r.email, r.phone, r.linkedin_profile,
              array_agg(e.id) FILTER (WHERE e.id IS NOT NULL AND NOT e.status = ANY($6::text[])) AS open_ids,
              array_agg(e.id) FILTER (WHERE e.id IS NOT NULL AND NOT e.removed
                                        AND (e.status = 'completed' OR NOT e.status = ANY($6::text[]))) AS repliable_ids
         FROM recipient r LEFT JOIN enrollment e ON e.recipient_id = r.id
        WHERE r.tenant_id = $1
          AND (r.id = (SELECT recipient_id FROM enrollment WHERE id = $2 AND tenant_id = $1)
               OR ($2::text IS NULL AND (r.email = $3 OR r.phone = $4 OR r.linkedin_profile = $5)))
        GROUP BY r.id
        LIMIT 1`,
      [
        tenantId,
        locator.enrollmentId ?? null,
        locator.email?.toLowerCase() ?? null,
        locator.phone ?? null,
        locator.linkedinProfile ?? null,
        FINAL_STATUSES,
      ],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      tenantId,
      recipientId: row.id,
      email: row.email,
      phone: row.phone,
      linkedinProfile: row.linkedin_profile,
      openEnrollmentIds: row.open_ids ?? [],
      repliableEnrollmentIds: row.repliable_ids ?? [],
    };
  }

  /**
   * Adds the recipient's addresses to the tenant's suppression list, with the reason a later
   * enrolment refusal names (`reason` for all, or one per recipient). `kinds`: which of the
   * recipient's addresses; a spam complaint is about email only.
   */
  async suppress(
    client: PoolClient,
    recipients: readonly LocatedRecipient[],
    reason: string | ((recipient: LocatedRecipient, index: number) => string),
    kinds: readonly ('email' | 'phone' | 'linkedin')[] = ['email', 'phone', 'linkedin'],
  ): Promise<void> {
    const entries = recipients.flatMap((r, index) =>
      (
        [
          ['email', r.email],
          ['phone', r.phone],
          ['linkedin', r.linkedinProfile],
        ] as const
      ).flatMap(([kind, value]) =>
        value && kinds.includes(kind)
          ? [{ tenantId: r.tenantId, kind, value, reason: typeof reason === 'string' ? reason : reason(r, index) }]
          : [],
      ),
    );
    if (entries.length === 0) return;
    await client.query(
      `INSERT INTO suppression (tenant_id, kind, value, reason)
       SELECT t, k, v, r FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(t, k, v, r)
       ON CONFLICT DO NOTHING`,
      [
        entries.map((e) => e.tenantId),
        entries.map((e) => e.kind),
        entries.map((e) => e.value),
        entries.map((e) => e.reason),
      ],
    );
  }
}
