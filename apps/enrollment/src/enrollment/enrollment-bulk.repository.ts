import type { ExclusiveEnrollment, ExistingEnrollment } from '../recipient-core/enrollment-rule';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { RecipientStatus } from '@stepwise/contracts';
import { FINAL_STATUSES, type RecipientProfile } from '../recipient-core/enrollment-state';
import type { RecipientRow } from './dto/enroll-recipients.dto';

interface StoredRecipient {
  id: string;
  email: string | null;
  phone: string | null;
  linkedin_profile: string | null;
  timezone: string | null;
  variables: Record<string, string>;
}

/** A recipient's enrollment in another sequence of the tenant whose rule is exclusive. */

/** Multi-row statements for enrolling thousands of recipients in one request. */
@Injectable()
export class EnrollmentBulkRepository {
  /**
   * Finds or creates each row's recipient. A recipient is known by email, else phone, else LinkedIn
   * profile; the row's variables replace the stored ones so the latest import wins.
   *
   * Rows travel as one JSON parameter and each is matched by single-key index probes, so the
   * statement stays linear in the number of rows whatever the planner estimates. Rows with different
   * keys can match one stored recipient (its email on one row, its phone on another): the first such
   * row updates it and every one of them gets it back, so the caller can refuse the later ones.
   */
  async upsertRecipients(
    client: PoolClient,
    tenantId: string,
    rows: readonly RecipientRow[],
  ): Promise<RecipientProfile[]> {
    const input = rows.map((r, n) => ({
      n,
      id: `rcp_${randomUUID()}`,
      email: r.email ?? null,
      phone: r.phone ?? null,
      linkedin_profile: r.linkedinProfile ?? null,
      timezone: r.timezone ?? null,
      variables: rowVariables(r),
    }));
    const { rows: stored } = await client.query<StoredRecipient & { input_id: string }>(
      `WITH input AS MATERIALIZED (
         SELECT i.*, COALESCE(
           (SELECT r.id FROM recipient r
             WHERE i.email IS NOT NULL AND r.tenant_id = $1 AND r.email = i.email),
           (SELECT r.id FROM recipient r
             WHERE i.email IS NULL AND i.phone IS NOT NULL AND r.tenant_id = $1 AND r.phone = i.phone LIMIT 1),
           (SELECT r.id FROM recipient r
             WHERE i.email IS NULL AND i.phone IS NULL AND r.tenant_id = $1
               AND r.linkedin_profile = i.linkedin_profile LIMIT 1)
         ) AS existing_id
           FROM json_to_recordset($2::json)
             AS i(n int, id text, email text, phone text, linkedin_profile text, timezone text, variables jsonb)
       ),
       first_match AS (
         SELECT DISTINCT ON (existing_id) * FROM input WHERE existing_id IS NOT NULL ORDER BY existing_id, n
       ),
       updated AS (
         UPDATE recipient r SET variables = i.variables,
                phone = COALESCE(i.phone, r.phone), linkedin_profile = COALESCE(i.linkedin_profile, r.linkedin_profile),
                timezone = COALESCE(i.timezone, r.timezone)
           FROM first_match i
          WHERE r.id = i.existing_id
          RETURNING r.id, r.email, r.phone, r.linkedin_profile, r.timezone, r.variables
       ),
       inserted AS (
         INSERT INTO recipient (id, tenant_id, email, phone, linkedin_profile, timezone, variables)
         SELECT i.id, $1, i.email, i.phone, i.linkedin_profile, i.timezone, i.variables
           FROM input i WHERE i.existing_id IS NULL
         RETURNING id AS input_id, id, email, phone, linkedin_profile, timezone, variables
       )
       SELECT i.id AS input_id, u.id, u.email, u.phone, u.linkedin_profile, u.timezone, u.variables
         FROM input i JOIN updated u ON u.id = i.existing_id
       UNION ALL SELECT * FROM inserted`,
      [tenantId, JSON.stringify(input)],
    );
    const byInput = new Map(stored.map((s) => [s.input_id, s]));
    return input.map(({ id }, index) => {
      const s = byInput.get(id);
      if (!s) throw new Error(`recipient row ${index} was neither matched nor inserted`);
      return {
        id: s.id,
        email: s.email,
        phone: s.phone,
        linkedinProfile: s.linkedin_profile,
        timezone: s.timezone,
        variables: s.variables,
      };
    });
  }

  /** The suppression reason for each suppressed recipient id. */
  async suppressed(
    client: PoolClient,
    tenantId: string,
    recipients: readonly RecipientProfile[],
  ): Promise<Map<string, string>> {
    const { rows } = await client.query<{ kind: string; value: string; reason: string }>(
      `SELECT kind, value, reason FROM suppression
        WHERE tenant_id = $1 AND (kind, value) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [tenantId, ...suppressionKeys(recipients)],
    );
    const reasons = new Map(rows.map((r) => [`${r.kind}:${r.value}`, r.reason]));
    const result = new Map<string, string>();
    for (const recipient of recipients) {
      for (const key of recipientKeys(recipient)) {
        const reason = reasons.get(key);
        if (reason) result.set(recipient.id, reason);
      }
    }
    return result;
  }

  async existing(
    client: PoolClient,
    sequenceId: string,
    recipientIds: readonly string[],
  ): Promise<Map<string, ExistingEnrollment>> {
    const { rows } = await client.query<{
      id: string;
      recipient_id: string;
      status: RecipientStatus;
      removed: boolean;
      finished_at: Date | null;
    }>(
      `SELECT e.id, e.recipient_id, e.status, e.removed,
              CASE WHEN e.status = ANY($3::text[]) THEN
                (SELECT max(t.occurred_at) FROM enrollment_transition t
                  WHERE t.enrollment_id = e.id AND t.to_status = ANY($3::text[]))
              END AS finished_at
         FROM enrollment e
        WHERE e.sequence_id = $1 AND e.recipient_id = ANY($2::text[])`,
      [sequenceId, recipientIds, FINAL_STATUSES],
    );
    return new Map(
      rows.map((r) => [
        r.recipient_id,
        { id: r.id, recipientId: r.recipient_id, status: r.status, removed: r.removed, finishedAt: r.finished_at },
      ]),
    );
  }

  /** Per recipient, their running enrollments in the tenant's other exclusive sequences. */
  async runningInOtherExclusiveSequences(
    client: PoolClient,
    tenantId: string,
    sequenceId: string,
    recipientIds: readonly string[],
  ): Promise<Map<string, ExclusiveEnrollment[]>> {
    const { rows } = await client.query<{
      id: string;
      recipient_id: string;
      sequence_id: string;
      status: RecipientStatus;
    }>(
      `SELECT e.id, e.recipient_id, e.sequence_id, e.status
         FROM enrollment e JOIN sequence s ON s.id = e.sequence_id
        WHERE e.tenant_id = $1 AND e.recipient_id = ANY($2::text[]) AND e.sequence_id <> $3
          AND NOT e.status = ANY($4::text[]) AND s.enrollment_rule->>'kind' = 'exclusive'`,
      [tenantId, recipientIds, sequenceId, FINAL_STATUSES],
    );
    const result = new Map<string, ExclusiveEnrollment[]>();
    for (const r of rows) {
      const found = { id: r.id, recipientId: r.recipient_id, sequenceId: r.sequence_id, status: r.status };
      result.set(r.recipient_id, [...(result.get(r.recipient_id) ?? []), found]);
    }
    return result;
  }
}

function rowVariables(row: RecipientRow): Record<string, string> {
  const named = { firstName: row.firstName, lastName: row.lastName };
  const present = Object.entries(named).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return { ...Object.fromEntries(present), ...row.variables };
}

export function recipientKeys(recipient: Pick<RecipientProfile, 'email' | 'phone' | 'linkedinProfile'>): string[] {
  return [
    recipient.email ? `email:${recipient.email}` : null,
    recipient.phone ? `phone:${recipient.phone}` : null,
    recipient.linkedinProfile ? `linkedin:${recipient.linkedinProfile}` : null,
  ].filter((key): key is string => key !== null);
}

function suppressionKeys(recipients: readonly RecipientProfile[]): [string[], string[]] {
  const pairs = recipients.flatMap(recipientKeys).map((key) => key.split(/:(.*)/s).slice(0, 2));
  return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
}
