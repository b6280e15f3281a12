import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { IdentityHealth } from '@stepwise/contracts';

export type LoginState = IdentityHealth['payload']['state'];

/** What a batch of sends showed about one identity's login. */
export interface LoginObservation {
  identityId: string;
  tenantId: string;
  state: LoginState;
}

/** The last login state per identity; records only transitions. */
@Injectable()
export class IdentityHealthRepository {
  /**
   * Applies the observations inside the caller's transaction and returns those that changed the
   * recorded state: a first refused login, a refused login after a restore, a success after a
   * loss. A success for an identity never seen losing its login writes nothing.
   */
  async transition(client: PoolClient, observations: readonly LoginObservation[]): Promise<LoginObservation[]> {
    if (observations.length === 0) return [];
    const { rows } = await client.query<{ identity_id: string; tenant_id: string; state: LoginState }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS t(identity_id, tenant_id, state)
       )
       INSERT INTO identity_health AS h (identity_id, tenant_id, state)
       SELECT i.identity_id, i.tenant_id, i.state FROM input i
       WHERE i.state = 'auth_lost' OR EXISTS (SELECT 1 FROM identity_health x WHERE x.identity_id = i.identity_id)
       ON CONFLICT (identity_id) DO UPDATE SET state = EXCLUDED.state, tenant_id = EXCLUDED.tenant_id, changed_at = now()
         WHERE h.state <> EXCLUDED.state
       RETURNING h.identity_id, h.tenant_id, h.state`,
      [observations.map((o) => o.identityId), observations.map((o) => o.tenantId), observations.map((o) => o.state)],
    );
    return rows.map((row) => ({ identityId: row.identity_id, tenantId: row.tenant_id, state: row.state }));
  }
}
