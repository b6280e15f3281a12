import type { Pool, PoolClient } from 'pg';
import type { StepAttempt } from '@stepwise/contracts';
import type { StepFailure } from './step-failure';

/**
 * The `send_log` table (same DDL in channel_email, channel_sms and channel_social, plus columns a
 * channel adds for its own readers): one row per step attempt, claimed as 'sending' before the
 * provider is called and settled once its result is known. Its primary key (enrollment_id,
 * step_id, attempt) is the idempotency key of a send. All statements are multi-row: one round
 * trip per batch, whatever its size.
 */

export interface Claim {
  step: StepAttempt;
  tenantId: string;
  identityId: string;
  /** The sender identity's address (phone number, provider account) and the recipient's. */
  senderAddress: string;
  recipient: string;
  /** Values of the channel's own claim columns (SendLogRepository's `claimColumns`), in that order. */
  extra?: readonly (string | null)[];
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
  /** On 'sent': the provider's acceptance is also the delivery (email: the next hop's 250). */
  delivered?: true;
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
  /** Set where the channel names its message at claim time (channel-email's Message-ID). */
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

const BASE_CLAIM_COLUMNS = [
  'enrollment_id',
  'step_id',
  'attempt',
  'sequence_id',
  'tenant_id',
  'identity_id',
  'sender_address',
  'recipient',
] as const;
const COLUMN_NAME = /^[a-z][a-z0-9_]*$/;

export class SendLogRepository {
  private readonly claimSql: string;

  /**
   * `claimColumns`: text columns of the channel's own that the claim fills in (channel-email: the
   * Message-ID in provider_message_id, the return token and the subject), fixed per channel so
   * the claim stays one statement.
   */
  constructor(
    private readonly pool: Pool,
    private readonly claimColumns: readonly string[] = [],
  ) {
    for (const column of claimColumns) {
      if (!COLUMN_NAME.test(column) || (BASE_CLAIM_COLUMNS as readonly string[]).includes(column)) {
        throw new Error(`"${column}" cannot be a channel's own send_log claim column`);
      }
    }
    const columns = [...BASE_CLAIM_COLUMNS, ...claimColumns].join(', ');
    const arrays = [...BASE_CLAIM_COLUMNS, ...claimColumns]
      .map((column, i) => `$${i + 1}::${column === 'attempt' ? 'int' : 'text'}[]`)
      .join(', ');
    this.claimSql = `INSERT INTO send_log (${columns}, status)
       SELECT ${columns}, 'sending' FROM unnest(${arrays}) AS c(${columns})
       ON CONFLICT (enrollment_id, step_id, attempt) DO NOTHING
       RETURNING enrollment_id, step_id, attempt`;
  }

  /**
   * Inserts a 'sending' row per attempt; returns the keys this call inserted. An attempt whose row
   * exists already (a redelivered step-due, whatever its state) is not returned and must not be sent.
   */
  async claim(claims: readonly Claim[]): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const { rows } = await this.pool.query<KeyRow>(this.claimSql, [
      claims.map((c) => c.step.enrollmentId),
      claims.map((c) => c.step.stepId),
      claims.map((c) => c.step.attempt),
      claims.map((c) => c.step.sequenceId),
      claims.map((c) => c.tenantId),
      claims.map((c) => c.identityId),
      claims.map((c) => c.senderAddress),
      claims.map((c) => c.recipient),
      ...this.claimColumns.map((_column, i) => claims.map((c) => c.extra?.[i] ?? null)),
    ]);
    return new Set(rows.map(keyOfRow));
  }

  /**
   * Records results inside the caller's transaction; returns the keys actually settled, each with
   * the provider message id its row holds (one the channel named at claim time, if the result
   * brings none). A row the sweeper settled meanwhile (this process was too slow) keeps its
   * state: its outcome is out.
   */
  async settle(client: PoolClient, settlements: readonly Settlement[]): Promise<Map<string, string | null>> {
    if (settlements.length === 0) return new Map();
    const { rows } = await client.query<KeyRow & { provider_message_id: string | null }>(
      `UPDATE send_log AS l
       SET status = s.status, provider_message_id = COALESCE(s.provider_message_id, l.provider_message_id),
           error_type = s.error_type, error_message = s.error_message, waiting_request = s.waiting_request,
           waiting_cause = COALESCE(s.waiting_cause, l.waiting_cause), wait_until = COALESCE(l.wait_until, s.wait_until),
           settled_at = CASE WHEN s.status = 'waiting' THEN NULL ELSE now() END
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[],
                   $9::jsonb[], $10::timestamptz[])
         AS s(enrollment_id, step_id, attempt, status, provider_message_id, error_type, error_message, waiting_request,
              waiting_cause, wait_until)
       WHERE l.enrollment_id = s.enrollment_id AND l.step_id = s.step_id AND l.attempt = s.attempt
         AND l.status = 'sending'
       RETURNING l.enrollment_id, l.step_id, l.attempt, l.provider_message_id`,
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
    return new Map(rows.map((row) => [keyOfRow(row), row.provider_message_id]));
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
    const { rows } = await client.query<
      KeyRow & { sequence_id: string; tenant_id: string; provider_message_id: string | null }
    >(
      `UPDATE send_log AS l
       SET status = 'failed', error_type = $3, error_message = $4, settled_at = now()
       FROM (SELECT enrollment_id, step_id, attempt FROM send_log
             WHERE status = 'sending' AND claimed_at < now() - make_interval(secs => $1::double precision / 1000)
             ORDER BY claimed_at LIMIT $2
             FOR UPDATE SKIP LOCKED) AS stale
       WHERE l.enrollment_id = stale.enrollment_id AND l.step_id = stale.step_id AND l.attempt = stale.attempt
       RETURNING l.enrollment_id, l.step_id, l.attempt, l.sequence_id, l.tenant_id, l.provider_message_id`,
      [olderThanMs, limit, failure.type, failure.message],
    );
    return rows.map((row) => ({
      step: { enrollmentId: row.enrollment_id, stepId: row.step_id, attempt: row.attempt, sequenceId: row.sequence_id },
      tenantId: row.tenant_id,
      ...(row.provider_message_id ? { providerMessageId: row.provider_message_id } : {}),
    }));
  }
}

function keyOfRow(row: KeyRow): string {
  return stepKey({ enrollmentId: row.enrollment_id, stepId: row.step_id, attempt: row.attempt });
}
