import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { StepAttempt } from '@stepwise/contracts';
import { PG_POOL } from '@stepwise/platform';

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

/**
 * The send log's columns as email's readers name them: the Message-ID is the kit's provider
 * message id (named at claim time), a sent row's settle time is when the next hop accepted it,
 * and addresses compare in lower case.
 */
const RECORDED_COLUMNS = `l.enrollment_id, l.sequence_id, l.step_id, l.attempt, l.tenant_id,
  l.provider_message_id AS message_id, l.subject, CASE WHEN l.status = 'sent' THEN l.settled_at END AS sent_at,
  lower(l.recipient) AS recipient`;

/**
 * The readers of the channel kit's send_log (claimed and settled by SendDueSteps): threading,
 * tracking and inbound mail find an attempt by step, Message-ID, return token or recipient.
 */
@Injectable()
export class EmailSendRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The latest email each enrollment was sent, for same-thread follow-ups: one statement per batch. */
  async latestSent(enrollmentIds: readonly string[]): Promise<Map<string, RecordedEmail>> {
    if (enrollmentIds.length === 0) return new Map();
    const { rows } = await this.pool.query<RecordedRow>(
      `SELECT DISTINCT ON (l.enrollment_id) ${RECORDED_COLUMNS} FROM send_log l
       WHERE l.enrollment_id = ANY($1::text[]) AND l.status = 'sent'
       ORDER BY l.enrollment_id, l.settled_at DESC`,
      [enrollmentIds],
    );
    return new Map(rows.map((row) => [row.enrollment_id, recordedEmailOf(row)]));
  }

  async findAttempt(step: Pick<StepAttempt, 'enrollmentId' | 'stepId' | 'attempt'>): Promise<RecordedEmail | null> {
    const { rows } = await this.pool.query<RecordedRow>(
      `SELECT ${RECORDED_COLUMNS} FROM send_log l WHERE l.enrollment_id = $1 AND l.step_id = $2 AND l.attempt = $3`,
      [step.enrollmentId, step.stepId, step.attempt],
    );
    return rows.length > 0 ? recordedEmailOf(rows[0]) : null;
  }

  /** The sent attempt named by any of these Message-IDs (a reply's In-Reply-To and References), newest first. */
  async findByMessageIds(messageIds: readonly string[]): Promise<RecordedEmail | null> {
    if (messageIds.length === 0) return null;
    const { rows } = await this.pool.query<RecordedRow>(
      `SELECT ${RECORDED_COLUMNS} FROM send_log l WHERE l.provider_message_id = ANY($1::text[])
       ORDER BY l.status = 'sent' DESC, l.settled_at DESC NULLS LAST LIMIT 1`,
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
      `SELECT ${RECORDED_COLUMNS} FROM send_log l
       LEFT JOIN enrollment_status s ON s.enrollment_id = l.enrollment_id
       WHERE l.identity_id = $1 AND lower(l.recipient) = $2 AND l.status = 'sent' AND s.final IS NOT TRUE
       ORDER BY l.settled_at DESC LIMIT 1`,
      [identityId, recipient.toLowerCase()],
    );
    return rows.length > 0 ? recordedEmailOf(rows[0]) : null;
  }

  async findByReturnToken(returnToken: string): Promise<RecordedEmail | null> {
    const { rows } = await this.pool.query<RecordedRow>(
      `SELECT ${RECORDED_COLUMNS} FROM send_log l WHERE l.return_token = $1`,
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
