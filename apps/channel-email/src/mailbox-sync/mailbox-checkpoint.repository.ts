import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@stepwise/platform';

export interface MailboxCheckpoint {
  uidValidity: bigint;
  lastUid: number;
  syncedAt: Date;
}

/** Where reply sync stopped in each mailbox (UIDVALIDITY + last UID read). */
@Injectable()
export class MailboxCheckpointRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async find(identityId: string, mailbox: string): Promise<MailboxCheckpoint | null> {
    const { rows } = await this.pool.query<{ uid_validity: string; last_uid: string; synced_at: Date }>(
      `SELECT uid_validity, last_uid, synced_at FROM mailbox_checkpoint WHERE identity_id = $1 AND mailbox = $2`,
      [identityId, mailbox],
    );
    if (rows.length === 0) return null;
    return {
      uidValidity: BigInt(rows[0].uid_validity),
      lastUid: Number(rows[0].last_uid),
      syncedAt: rows[0].synced_at,
    };
  }

  /**
   * After each message is recorded. A new UIDVALIDITY replaces the row; under the same one the UID
   * only moves forward (a slow instance that lost its lease cannot move it back).
   */
  async save(identityId: string, mailbox: string, uidValidity: bigint, lastUid: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO mailbox_checkpoint AS c (identity_id, mailbox, uid_validity, last_uid)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (identity_id, mailbox) DO UPDATE
         SET uid_validity = EXCLUDED.uid_validity, synced_at = now(),
             last_uid = CASE WHEN c.uid_validity = EXCLUDED.uid_validity THEN GREATEST(c.last_uid, EXCLUDED.last_uid)
                             ELSE EXCLUDED.last_uid END`,
      [identityId, mailbox, uidValidity.toString(), lastUid],
    );
  }
}
