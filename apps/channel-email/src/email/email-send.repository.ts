import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { StepAttempt } from '@stepwise/contracts';
import { stepKey, type StaleSend, type StaleSendStore, type StepFailure } from '@stepwise/channel-kit';
import { PG_POOL } from '@stepwise/platform';
import type { OutcomeError } from './outcome-messages';

export interface ClaimRequest {
  step: StepAttempt;
  tenantId: string;
  identityId: string;
  messageId: string;
  returnToken: string;
  /** The rendered subject; null when the template did not render. */
  subject: string | null;
  /** The address it goes to (stored lower case). */
  recipient: string;
}

/** A recorded attempt, as tracking, threading and inbound mail need it. */
export interface RecordedEmail {
  step: StepAttempt;
  tenantId: string;
  messageId: string;
  subject: string | null;
  /** When the next hop accepted it; null while sending or when it failed. */
  sentAt: Date | null;
  /** The address it went to; null on attempts recorded before the column existed. */
  recipient: string | null;
}

interface RecordedRow {
  enrollment_id: string;
  sequence_id: string;
  step_id: string;
  attempt: number;
  tenant_id: string;
  message_id: string;
  subject: string | null;
  sent_at: Date | null;
  recipient: string | null;
}

const RECORDED_COLUMNS =
  'enrollment_id, sequence_id, step_id, attempt, tenant_id, message_id, subject, sent_at, recipient';

/**
 * What the claim found for one attempt: `claimed` (new, ours to send), or the state a previous
 * delivery left it in. `in_flight` means another instance inserted it a moment ago and settles it.
 */
export type ClaimState = 'claimed' | 'sending' | 'settled' | 'in_flight';

export type SettlementResult = { status: 'sent' } | { status: 'failed'; error: OutcomeError; loginRefused?: true };

/** The final word on one attempt, with what its outcome messages need. */
export interface Settlement {
  step: StepAttempt;
  tenantId: string;
  identityId: string;
  messageId: string;
  result: SettlementResult;
}

interface ClaimRow {
  enrollment_id: string;
  step_id: string;
  attempt: number;
  claimed: boolean;
  existing_status: 'sending' | 'sent' | 'failed' | null;
}

/** The send log, through plain pg with one multi-row statement per call (the send path is hot). */
@Injectable()
export class EmailSendRepository implements StaleSendStore {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Inserts a 'sending' row per attempt unless one exists, and reports what each attempt found.
   * One statement: the INSERT's RETURNING says which rows are new; the outer SELECT reads the
   * pre-existing rows, which the statement's snapshot shows as they were before the INSERT.
   */
  async claim(requests: readonly ClaimRequest[]): Promise<Map<string, ClaimState>> {
    const { rows } = await this.pool.query<ClaimRow>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[])
           AS t(enrollment_id, step_id, attempt, tenant_id, sequence_id, identity_id, message_id, return_token, subject,
                recipient)
       ), claimed AS (
         INSERT INTO email_send (enrollment_id, step_id, attempt, tenant_id, sequence_id, identity_id, status, message_id,
                                 return_token, subject, recipient)
         SELECT enrollment_id, step_id, attempt, tenant_id, sequence_id, identity_id, 'sending', message_id,
                return_token, subject, recipient FROM input
         ON CONFLICT DO NOTHING
         RETURNING enrollment_id, step_id, attempt
       )
       SELECT i.enrollment_id, i.step_id, i.attempt, c.enrollment_id IS NOT NULL AS claimed, e.status AS existing_status
       FROM input i
       LEFT JOIN claimed c USING (enrollment_id, step_id, attempt)
       LEFT JOIN email_send e USING (enrollment_id, step_id, attempt)`,
      [
        requests.map((r) => r.step.enrollmentId),
        requests.map((r) => r.step.stepId),
        requests.map((r) => r.step.attempt),
        requests.map((r) => r.tenantId),
        requests.map((r) => r.step.sequenceId),
        requests.map((r) => r.identityId),
        requests.map((r) => r.messageId),
        requests.map((r) => r.returnToken),
        requests.map((r) => r.subject),
        requests.map((r) => r.recipient.toLowerCase()),
      ],
    );
    return new Map(rows.map((row) => [rowKey(row), claimStateOf(row)]));
  }

  /**
   * Moves 'sending' rows to their final status inside the caller's transaction and returns the keys
   * it moved. A row settled meanwhile by someone else is left alone, so an attempt gets one set of
   * outcomes whoever records first.
   */
  async settle(client: PoolClient, settlements: readonly Settlement[]): Promise<Set<string>> {
    const failure = (s: Settlement) => (s.result.status === 'failed' ? s.result.error : null);
    const { rows } = await client.query<ClaimRow>(
      `UPDATE email_send e
       SET status = s.status,
           error_type = s.error_type,
           error_message = s.error_message,
           sent_at = CASE WHEN s.status = 'sent' THEN now() END
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[])
         AS s(enrollment_id, step_id, attempt, status, error_type, error_message)
       WHERE e.enrollment_id = s.enrollment_id AND e.step_id = s.step_id AND e.attempt = s.attempt
         AND e.status = 'sending'
       RETURNING e.enrollment_id, e.step_id, e.attempt`,
      [
        settlements.map((s) => s.step.enrollmentId),
        settlements.map((s) => s.step.stepId),
        settlements.map((s) => s.step.attempt),
        settlements.map((s) => s.result.status),
        settlements.map((s) => failure(s)?.type ?? null),
        settlements.map((s) => failure(s)?.message ?? null),
      ],
    );
    return new Set(rows.map(rowKey));
  }

  /**
   * Settles, inside the caller's transaction, up to `limit` rows left 'sending' for longer than
   * `olderThanMs` (their process died mid-send) as failed with `failure`, naming each one's
   * Message-ID. SKIP LOCKED lets every instance sweep at once.
   */
  async settleStale(
    client: PoolClient,
    olderThanMs: number,
    limit: number,
    failure: StepFailure,
  ): Promise<StaleSend[]> {
    const { rows } = await client.query<RecordedRow>(
      `UPDATE email_send AS e
       SET status = 'failed', error_type = $3, error_message = $4
       FROM (SELECT enrollment_id, step_id, attempt FROM email_send
             WHERE status = 'sending' AND created_at < now() - make_interval(secs => $1::double precision / 1000)
             ORDER BY created_at LIMIT $2
             FOR UPDATE SKIP LOCKED) AS stale
       WHERE e.enrollment_id = stale.enrollment_id AND e.step_id = stale.step_id AND e.attempt = stale.attempt
       RETURNING ${RECORDED_COLUMNS.split(', ')
         .map((column) => `e.${column}`)
         .join(', ')}`,
      [olderThanMs, limit, failure.type, failure.message],
    );
    return rows.map((row) => {
      const recorded = recordedEmailOf(row);
      return { step: recorded.step, tenantId: recorded.tenantId, providerMessageId: recorded.messageId };
    });
  }

  /** The latest email each enrollment was sent, for same-thread follow-ups: one statement per batch. */
  async latestSent(enrollmentIds: readonly string[]): Promise<Map<string, RecordedEmail>> {
    if (enrollmentIds.length === 0) return new Map();
    const { rows } = await this.pool.query<RecordedRow>(
      `SELECT DISTINCT ON (enrollment_id) ${RECORDED_COLUMNS} FROM email_send
       WHERE enrollment_id = ANY($1::text[]) AND status = 'sent'
       ORDER BY enrollment_id, sent_at DESC`,
      [enrollmentIds],
    );
    return new Map(rows.map((row) => [row.enrollment_id, recordedEmailOf(row)]));
  }

  async findAttempt(step: Pick<StepAttempt, 'enrollmentId' | 'stepId' | 'attempt'>): Promise<RecordedEmail | null> {
    const { rows } = await this.pool.query<RecordedRow>(
      `SELECT ${RECORDED_COLUMNS} FROM email_send WHERE enrollment_id = $1 AND step_id = $2 AND attempt = $3`,
      [step.enrollmentId, step.stepId, step.attempt],
    );
    return rows.length > 0 ? recordedEmailOf(rows[0]) : null;
  }

  /** The sent attempt named by any of these Message-IDs (a reply's In-Reply-To and References), newest first. */
  async findByMessageIds(messageIds: readonly string[]): Promise<RecordedEmail | null> {
    if (messageIds.length === 0) return null;
    const { rows } = await this.pool.query<RecordedRow>(
      `SELECT ${RECORDED_COLUMNS} FROM email_send WHERE message_id = ANY($1::text[])
       ORDER BY sent_at DESC NULLS LAST LIMIT 1`,
      [messageIds],
    );
    return rows.length > 0 ? recordedEmailOf(rows[0]) : null;
  }

  /**
   * The latest email this identity sent to this address whose enrollment has not halted for good:
   * how a reply that names none of our Message-IDs (a fresh mail, a client that drops headers) is
   * attributed.
   */
  async latestSentTo(identityId: string, recipient: string): Promise<RecordedEmail | null> {
    const { rows } = await this.pool.query<RecordedRow>(
      `SELECT ${RECORDED_COLUMNS.split(', ')
        .map((column) => `e.${column}`)
        .join(', ')} FROM email_send e
       LEFT JOIN enrollment_status s ON s.enrollment_id = e.enrollment_id
       WHERE e.identity_id = $1 AND e.recipient = $2 AND e.status = 'sent' AND s.final IS NOT TRUE
       ORDER BY e.sent_at DESC LIMIT 1`,
      [identityId, recipient.toLowerCase()],
    );
    return rows.length > 0 ? recordedEmailOf(rows[0]) : null;
  }

  async findByReturnToken(returnToken: string): Promise<RecordedEmail | null> {
    const { rows } = await this.pool.query<RecordedRow>(
      `SELECT ${RECORDED_COLUMNS} FROM email_send WHERE return_token = $1`,
      [returnToken],
    );
    return rows.length > 0 ? recordedEmailOf(rows[0]) : null;
  }
}

function recordedEmailOf(row: RecordedRow): RecordedEmail {
  return {
    step: { enrollmentId: row.enrollment_id, sequenceId: row.sequence_id, stepId: row.step_id, attempt: row.attempt },
    tenantId: row.tenant_id,
    messageId: row.message_id,
    subject: row.subject,
    sentAt: row.sent_at,
    recipient: row.recipient,
  };
}

function claimStateOf(row: ClaimRow): ClaimState {
  if (row.claimed) return 'claimed';
  if (row.existing_status === null) return 'in_flight';
  return row.existing_status === 'sending' ? 'sending' : 'settled';
}

function rowKey(row: Pick<ClaimRow, 'enrollment_id' | 'step_id' | 'attempt'>): string {
  return stepKey({ enrollmentId: row.enrollment_id, stepId: row.step_id, attempt: row.attempt });
}
