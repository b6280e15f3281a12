import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Topics, createEnvelope, identityHealthSchema, type Channel } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';

/** What one provider call said about a sender identity's login. */
export interface LoginObservation {
  identityId: string;
  tenantId: string;
  accepted: boolean;
  /** Why the provider refused it, for the recipients' timeline. */
  reason?: string;
}

/**
 * Publishes `identity.health` when a sender identity's login is refused (auth_lost) or works again
 * (auth_restored), once per change: enrollment pauses the identity's recipients as paused by auth
 * loss instead of failing them, and resumes them on restore. The stored state (`identity_health`)
 * and the message are one transaction. The identities known lost are kept in memory, so a send
 * from a healthy identity costs no query; another instance's loss is learnt when this one's own
 * login is refused, and its restore when this instance sends from the identity again.
 */
@Injectable()
export class IdentityHealthRecorder {
  private lost: Promise<Set<string>> | null = null;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly platform: PlatformLifecycle,
  ) {}

  async observe(channel: Channel, observation: LoginObservation): Promise<void> {
    const lost = await this.knownLost();
    if (observation.accepted !== lost.has(observation.identityId)) return;
    const state = observation.accepted ? 'auth_restored' : 'auth_lost';
    const changed = await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO identity_health AS h (identity_id, tenant_id, state) VALUES ($1, $2, $3)
         ON CONFLICT (identity_id) DO UPDATE SET state = excluded.state, changed_at = now()
         WHERE h.state <> excluded.state`,
        [observation.identityId, observation.tenantId, state === 'auth_lost' ? 'auth_lost' : 'ok'],
      );
      // Another instance already recorded the change (and published it).
      if (!rowCount) return false;
      await appendToOutbox(client, [
        {
          topic: Topics.identityHealth,
          envelope: createEnvelope(identityHealthSchema, {
            tenantId: observation.tenantId,
            key: observation.identityId,
            payload: {
              identityId: observation.identityId,
              channel,
              state,
              ...(observation.reason ? { reason: observation.reason.slice(0, 2000) } : {}),
            },
          }),
        },
      ]);
      return true;
    });
    if (observation.accepted) lost.delete(observation.identityId);
    else lost.add(observation.identityId);
    if (changed) this.platform.nudgeOutbox();
  }

  private knownLost(): Promise<Set<string>> {
    this.lost ??= this.pool
      .query<{ identity_id: string }>(`SELECT identity_id FROM identity_health WHERE state = 'auth_lost'`)
      .then(({ rows }) => new Set(rows.map((r) => r.identity_id)))
      .catch((error: unknown) => {
        this.lost = null;
        throw error;
      });
    return this.lost;
  }
}
