import type { Pool, PoolClient } from 'pg';
import type { StepAttempt } from '@stepwise/contracts';
import type { StepFailure } from './step-failure';

/**
 * The `send_log` table (same DDL in channel_sms and channel_social): one row per step attempt,
 * claimed as 'sending' before the provider is called and settled once its result is known. Its
 * primary key (enrollment_id, step_id, attempt) is the idempotency key of a send. All statements
 * are multi-row: one round trip per batch, whatever its size.
 */

export interface Claim {
  step: StepAttempt;
  tenantId: string;
  identityId: string;
  /** The sender identity's address (phone number, provider account) and the recipient's. */
  senderAddress: string;
  recipient: string;
}

export interface Settlement {
  step: StepAttempt;
  /**
   * 'sent' and 'invited' are outcomes the provider accepted; 'failed' carries its reason;
   * 'waiting' holds `heldRequest` back until the provider can take it or `waitUntil` passes, then
   * fails with `failure` (its cause); 'skipped' was never sent because the enrollment halted.
   */
  status: 'sent' | 'invited' | 'failed' | 'waiting' | 'skipped';
  providerMessageId?: string;
  failure?: StepFailure;
  heldRequest?: unknown;
  waitUntil?: Date;
}

/** A waiting attempt taken back for sending, with the request it held and how often it waited. */
export interface ReleasedSend {
  step: StepAttempt;
  tenantId: string;
  request: unknown;
  waits: number;
}

/** A row settled as failed by the sweeper: abandoned in 'sending', or waited past its deadline. */
export interface StaleSend {
  step: StepAttempt;
  tenantId: string;
  /** Where the channel names its message before sending (channel-email's Message-ID). */
  providerMessageId?: string;
}

/** A waiting row whose deadline passed, failed with the cause it waited on. */
export interface ExpiredWait extends StaleSend {
  failure: StepFailure;
}

/** Identifies a step attempt in maps and sets; the three parts cannot contain a NUL. */
export function stepKey(step: Pick<StepAttempt, 'enrollmentId' | 'stepId' | 'attempt'>): string {
  return `${step.enrollmentId}\u0000${step.stepId}\u0000${step.attempt}`;
}

interface KeyRow {
  enrollment_id: string;
  step_id: string;
  attempt: number;
}

export class SendLogRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Inserts a 'sending' row per attempt; returns the keys this call inserted. An attempt whose row
   * exists already (a redelivered step-due, whatever its state) is not returned and must not be sent.
   */
  async claim(claims: readonly Claim[]): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const { rows } = await this.pool.query<KeyRow>(
      `INSERT INTO send_log (enrollment_id, step_id, attempt, sequence_id, tenant_id, identity_id,
                             sender_address, recipient, status)
       SELECT enrollment_id, step_id, attempt, sequence_id, tenant_id, identity_id, sender_address, recipient, 'sending'
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS c(enrollment_id, step_id, attempt, sequence_id, tenant_id, identity_id, sender_address, recipient)
       ON CONFLICT (enrollment_id, step_id, attempt) DO NOTHING
       RETURNING enrollment_id, step_id, attempt`,
      [
        claims.map((c) => c.step.enrollmentId),
        claims.map((c) => c.step.stepId),
        claims.map((c) => c.step.attempt),
        claims.map((c) => c.step.sequenceId),
        claims.map((c) => c.tenantId),
        claims.map((c) => c.identityId),
        claims.map((c) => c.senderAddress),
        claims.map((c) => c.recipient),
      ],
    );
    return new Set(rows.map(keyOfRow));
  }

  /**
   * Records results inside the caller's transaction; returns the keys actually settled. A row the
   * sweeper settled meanwhile (this process was too slow) keeps its state: its outcome is out.
   */
  async settle(client: PoolClient, settlements: readonly Settlement[]): Promise<Set<string>> {
    if (settlements.length === 0) return new Set();
    const { rows } = await client.query<KeyRow>(
      `UPDATE send_log AS l
       SET status = s.status, provider_message_id = s.provider_message_id,
           error_type = s.error_type, error_message = s.error_message, waiting_request = s.waiting_request,
           waiting_cause = COALESCE(s.waiting_cause, l.waiting_cause), wait_until = COALESCE(l.wait_until, s.wait_until),
           settled_at = CASE WHEN s.status = 'waiting' THEN NULL ELSE now() END
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[],
                   $9::jsonb[], $10::timestamptz[])
         AS s(enrollment_id, step_id, attempt, status, provider_message_id, error_type, error_message, waiting_request,
              waiting_cause, wait_until)
       WHERE l.enrollment_id = s.enrollment_id AND l.step_id = s.step_id AND l.attempt = s.attempt
         AND l.status = 'sending'
       RETURNING l.enrollment_id, l.step_id, l.attempt`,
      [
        settlements.map((s) => s.step.enrollmentId),
        settlements.map((s) => s.step.stepId),
        settlements.map((s) => s.step.attempt),
        settlements.map((s) => s.status),
        settlements.map((s) => s.providerMessageId ?? null),
        settlements.map((s) => s.failure?.type ?? null),
        settlements.map((s) => s.failure?.message ?? null),
        settlements.map((s) => (s.status === 'waiting' ? JSON.stringify(s.heldRequest) : null)),
        settlements.map((s) => (s.status === 'waiting' ? JSON.stringify(s.failure) : null)),
        settlements.map((s) => (s.status === 'waiting' ? (s.waitUntil?.toISOString() ?? null) : null)),
      ],
    );
    return new Set(rows.map(keyOfRow));
  }

  /**
   * Takes the attempts waiting for `recipient` to become reachable from `senderAddress` back to
   * 'sending' (a fresh claim, so the stale-send sweeper gives them a full lease), counting the
   * release. Only one instance gets each row: the UPDATE locks it and re-checks its status. The
   * held request stays until the settle replaces it.
   */
  async releaseWaiting(senderAddress: string, recipient: string): Promise<ReleasedSend[]> {
    const { rows } = await this.pool.query<
      KeyRow & { sequence_id: string; tenant_id: string; waiting_request: unknown; waits: number }
    >(
      `UPDATE send_log
       SET status = 'sending', claimed_at = now(), waits = waits + 1
       WHERE status = 'waiting' AND sender_address = $1 AND recipient = $2
       RETURNING enrollment_id, step_id, attempt, sequence_id, tenant_id, waits, waiting_request`,
      [senderAddress, recipient],
    );
    return rows.map((row) => ({
      step: { enrollmentId: row.enrollment_id, stepId: row.step_id, attempt: row.attempt, sequenceId: row.sequence_id },
      tenantId: row.tenant_id,
      request: row.waiting_request,
      waits: row.waits,
    }));
  }

  /**
   * Fails, inside the caller's transaction, up to `limit` waiting rows whose deadline passed, each
   * with the cause it waited on. SKIP LOCKED: a row being released right now is left to its release.
   */
  async settleExpiredWaits(client: PoolClient, limit: number): Promise<ExpiredWait[]> {
    const { rows } = await client.query<
      KeyRow & { sequence_id: string; tenant_id: string; waiting_cause: StepFailure }
    >(
      `UPDATE send_log AS l
       SET status = 'failed', error_type = l.waiting_cause->>'type', error_message = l.waiting_cause->>'message',
           waiting_request = NULL, settled_at = now()
       FROM (SELECT enrollment_id, step_id, attempt FROM send_log
             WHERE status = 'waiting' AND wait_until < now()
             ORDER BY wait_until LIMIT $1
             FOR UPDATE SKIP LOCKED) AS expired
       WHERE l.enrollment_id = expired.enrollment_id AND l.step_id = expired.step_id AND l.attempt = expired.attempt
       RETURNING l.enrollment_id, l.step_id, l.attempt, l.sequence_id, l.tenant_id, l.waiting_cause`,
      [limit],
    );
    return rows.map((row) => ({
      step: { enrollmentId: row.enrollment_id, stepId: row.step_id, attempt: row.attempt, sequenceId: row.sequence_id },
      tenantId: row.tenant_id,
      failure: row.waiting_cause,
    }));
  }

  /**
   * Settles, inside the caller's transaction, up to `limit` rows left 'sending' for longer than
   * `olderThanMs` as failed with `failure`. SKIP LOCKED lets every instance sweep at once without
   * waiting on each other or on a live settle that holds the row.
   */
  async settleStale(
    client: PoolClient,
    olderThanMs: number,
    limit: number,
    failure: StepFailure,
  ): Promise<StaleSend[]> {
    const { rows } = await client.query<KeyRow & { sequence_id: string; tenant_id: string }>(
      `UPDATE send_log AS l
       SET status = 'failed', error_type = $3, error_message = $4, settled_at = now()
       FROM (SELECT enrollment_id, step_id, attempt FROM send_log
             WHERE status = 'sending' AND claimed_at < now() - make_interval(secs => $1::double precision / 1000)
             ORDER BY claimed_at LIMIT $2
             FOR UPDATE SKIP LOCKED) AS stale
       WHERE l.enrollment_id = stale.enrollment_id AND l.step_id = stale.step_id AND l.attempt = stale.attempt
       RETURNING l.enrollment_id, l.step_id, l.attempt, l.sequence_id, l.tenant_id`,
      [olderThanMs, limit, failure.type, failure.message],
    );
    return rows.map((row) => ({
      step: { enrollmentId: row.enrollment_id, stepId: row.step_id, attempt: row.attempt, sequenceId: row.sequence_id },
      tenantId: row.tenant_id,
    }));
  }
}

function keyOfRow(row: KeyRow): string {
  return stepKey({ enrollmentId: row.enrollment_id, stepId: row.step_id, attempt: row.attempt });
}
