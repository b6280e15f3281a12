import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { inTransaction } from '@stepwise/database';
import { PG_POOL } from '@stepwise/platform';

/**
 * Spreads mailboxes over live instances. Each tick an instance renews its own leases and its
 * presence, then evens out: it takes free or expired leases up to its fair share
 * (ceil(mailboxes / live instances)) or gives back what exceeds it. A dead instance's leases
 * expire after the TTL and the next tick of any other instance takes them.
 */
@Injectable()
export class MailboxLeaseRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The identities whose mailboxes this instance watches until its next tick. */
  async tick(instanceId: string, ttlMs: number): Promise<string[]> {
    return inTransaction(this.pool, async (client) => {
      const ttl = [ttlMs];
      await client.query(
        `INSERT INTO mailbox_sync_instance (instance_id, expires_at)
         VALUES ($1, now() + make_interval(secs => $2::double precision / 1000))
         ON CONFLICT (instance_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
        [instanceId, ...ttl],
      );
      await client.query(`DELETE FROM mailbox_sync_instance WHERE expires_at < now() - interval '1 minute'`);
      // Leases of mailboxes no longer connected go, whoever held them.
      await client.query(
        `DELETE FROM mailbox_lease l WHERE NOT EXISTS (
           SELECT 1 FROM identity_connection c WHERE c.identity_id = l.identity_id AND c.connection ? 'imap')`,
      );
      const { rows: counts } = await client.query<{ instances: number; mailboxes: number }>(
        `SELECT (SELECT count(*)::int FROM mailbox_sync_instance WHERE expires_at > now()) AS instances,
                (SELECT count(*)::int FROM identity_connection WHERE connection ? 'imap') AS mailboxes`,
      );
      const { instances, mailboxes } = counts[0];
      const share = Math.ceil(mailboxes / Math.max(1, instances));
      const { rows: renewed } = await client.query<{ identity_id: string }>(
        `UPDATE mailbox_lease SET expires_at = now() + make_interval(secs => $2::double precision / 1000)
         WHERE owner = $1 RETURNING identity_id`,
        [instanceId, ...ttl],
      );
      const mine = renewed.map((r) => r.identity_id).sort();
      if (mine.length > share) {
        const extra = mine.splice(share);
        await client.query(`DELETE FROM mailbox_lease WHERE owner = $1 AND identity_id = ANY($2::text[])`, [
          instanceId,
          extra,
        ]);
      } else if (mine.length < share) {
        // Another instance taking the same candidate at once: ON CONFLICT re-checks the expiry, one wins.
        const { rows: taken } = await client.query<{ identity_id: string }>(
          `INSERT INTO mailbox_lease AS l (identity_id, owner, expires_at)
           SELECT c.identity_id, $1, now() + make_interval(secs => $2::double precision / 1000)
             FROM identity_connection c LEFT JOIN mailbox_lease x ON x.identity_id = c.identity_id
            WHERE c.connection ? 'imap' AND (x.identity_id IS NULL OR x.expires_at < now())
            ORDER BY c.identity_id LIMIT $3
           ON CONFLICT (identity_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
             WHERE l.expires_at < now()
           RETURNING l.identity_id`,
          [instanceId, ...ttl, share - mine.length],
        );
        mine.push(...taken.map((r) => r.identity_id));
      }
      return mine;
    });
  }

  /** On shutdown: the mailboxes go to the other instances at their next tick, not after the TTL. */
  async release(instanceId: string): Promise<void> {
    await this.pool.query(`DELETE FROM mailbox_lease WHERE owner = $1`, [instanceId]);
    await this.pool.query(`DELETE FROM mailbox_sync_instance WHERE instance_id = $1`, [instanceId]);
  }
}
