import { AUTH_LOSS_PAUSES } from '../recipient-core/identity-health-transitions';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { SenderIdentity } from '../recipient-core/enrollment-state';

export interface IdentityAuthChange {
  tenantId: string;
  identityId: string;
  authState: SenderIdentity['authState'];
}

export interface EnrollmentOnIdentity {
  tenantId: string;
  enrollmentId: string;
  identityId: string;
}

/** Sender identities' login state, and the recipients whose current step sends from them. */
@Injectable()
export class IdentityHealthRepository {
  async setAuthStates(client: PoolClient, changes: readonly IdentityAuthChange[]): Promise<void> {
    if (changes.length === 0) return;
    await client.query(
      `UPDATE sender_identity i SET auth_state = u.auth_state
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u(tenant_id, id, auth_state)
        WHERE i.id = u.id AND i.tenant_id = u.tenant_id`,
      [changes.map((c) => c.tenantId), changes.map((c) => c.identityId), changes.map((c) => c.authState)],
    );
  }

  /** The answers to verify requests, for GET and POST /verify to show. */
  async recordVerifications(
    client: PoolClient,
    verifications: readonly { tenantId: string; identityId: string; result: Record<string, unknown> }[],
  ): Promise<void> {
    if (verifications.length === 0) return;
    await client.query(
      `UPDATE sender_identity i SET last_verification = u.result
         FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS u(tenant_id, id, result)
        WHERE i.id = u.id AND i.tenant_id = u.tenant_id`,
      [
        verifications.map((v) => v.tenantId),
        verifications.map((v) => v.identityId),
        verifications.map((v) => JSON.stringify(v.result)),
      ],
    );
  }

  /**
   * One statement per batch: the steps of the tenants' sequences that send from these identities,
   * and the recipients on those steps that a lost or regained login concerns.
   */
  async enrollmentsOn(
    client: PoolClient,
    identities: readonly { tenantId: string; identityId: string }[],
  ): Promise<EnrollmentOnIdentity[]> {
    if (identities.length === 0) return [];
    const { rows } = await client.query<{ id: string; tenant_id: string; identity_id: string }>(
      `WITH wanted AS (
         SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS w(tenant_id, identity_id)
       ),
       steps AS (
         SELECT s.tenant_id, s.id AS sequence_id, n->>'id' AS node_id, w.identity_id
           FROM sequence s
           JOIN wanted w ON w.tenant_id = s.tenant_id
           CROSS JOIN LATERAL jsonb_path_query(s.definition, 'strict $.**') AS n
          WHERE n->>'identityId' = w.identity_id
       )
       SELECT e.id, e.tenant_id, steps.identity_id
         FROM steps
         JOIN enrollment e
           ON e.tenant_id = steps.tenant_id AND e.sequence_id = steps.sequence_id
          AND e.current_node_id = steps.node_id
        WHERE e.status = ANY($3::text[]) OR (e.status = 'paused' AND e.substatus = 'auth_lost')`,
      [identities.map((i) => i.tenantId), identities.map((i) => i.identityId), AUTH_LOSS_PAUSES],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, enrollmentId: r.id, identityId: r.identity_id }));
  }
}
