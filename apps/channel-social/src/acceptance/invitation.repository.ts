import type { Pool, PoolClient } from 'pg';
import type { StepAttempt } from '@stepwise/contracts';

/** A connection request the provider took and whose acceptance is not known yet. */
export interface OpenInvitation {
  step: StepAttempt;
  tenantId: string;
  invitationId: string;
  /** The sender's provider account and the recipient's profile. */
  accountId: string;
  profileUrl: string;
}

/** A sender account and a profile that are connected now, with messages waiting between them. */
export interface Connection {
  accountId: string;
  profileUrl: string;
}

interface OpenInvitationRow {
  enrollment_id: string;
  step_id: string;
  attempt: number;
  sequence_id: string;
  tenant_id: string;
  provider_message_id: string;
  sender_address: string;
  recipient: string;
}

/** The acceptance side of channel_social's send_log: 'invited' rows and the messages waiting on them. */
export class InvitationRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Takes up to `limit` open invitations not asked about for `recheckAfterMs`, oldest check first,
   * and stamps them as checked now. SKIP LOCKED and the stamp let several instances poll side by
   * side without asking the provider twice about one invitation.
   */
  async takeDueForCheck(limit: number, recheckAfterMs: number): Promise<OpenInvitation[]> {
    const { rows } = await this.pool.query<OpenInvitationRow>(
      `UPDATE send_log AS l SET acceptance_checked_at = now()
       FROM (SELECT enrollment_id, step_id, attempt FROM send_log
             WHERE status = 'invited' AND accepted_at IS NULL AND provider_message_id IS NOT NULL
               AND sender_address IS NOT NULL
               AND (acceptance_checked_at IS NULL
                    OR acceptance_checked_at < now() - make_interval(secs => $2::double precision / 1000))
             ORDER BY acceptance_checked_at NULLS FIRST LIMIT $1
             FOR UPDATE SKIP LOCKED) AS due
       WHERE l.enrollment_id = due.enrollment_id AND l.step_id = due.step_id AND l.attempt = due.attempt
       RETURNING l.enrollment_id, l.step_id, l.attempt, l.sequence_id, l.tenant_id, l.provider_message_id,
                 l.sender_address, l.recipient`,
      [limit, recheckAfterMs],
    );
    return rows.map((row) => ({
      step: { enrollmentId: row.enrollment_id, stepId: row.step_id, attempt: row.attempt, sequenceId: row.sequence_id },
      tenantId: row.tenant_id,
      invitationId: row.provider_message_id,
      accountId: row.sender_address,
      profileUrl: row.recipient,
    }));
  }

  /** Marks the invitations accepted, inside the caller's transaction; returns those not marked before. */
  async markAccepted(client: PoolClient, invitations: readonly OpenInvitation[]): Promise<Set<string>> {
    if (invitations.length === 0) return new Set();
    const { rows } = await client.query<{ provider_message_id: string }>(
      `UPDATE send_log SET accepted_at = now()
       WHERE provider_message_id = ANY($1::text[]) AND status = 'invited' AND accepted_at IS NULL
       RETURNING provider_message_id`,
      [invitations.map((i) => i.invitationId)],
    );
    return new Set(rows.map((row) => row.provider_message_id));
  }

  /**
   * Pairs with a message waiting although an invitation between them was accepted: found afresh
   * every time, so a release missed by a crash or by a message that started waiting just after
   * the acceptance was seen is made on the next round.
   */
  async connectedWithWaiting(): Promise<Connection[]> {
    const { rows } = await this.pool.query<{ sender_address: string; recipient: string }>(
      `SELECT DISTINCT w.sender_address, w.recipient FROM send_log AS w
       WHERE w.status = 'waiting'
         AND EXISTS (SELECT 1 FROM send_log AS i
                     WHERE i.sender_address = w.sender_address AND i.recipient = w.recipient
                       AND i.accepted_at IS NOT NULL)`,
    );
    return rows.map((row) => ({ accountId: row.sender_address, profileUrl: row.recipient }));
  }
}
