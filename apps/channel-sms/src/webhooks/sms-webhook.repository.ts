import type { PoolClient } from 'pg';
import type { StepAttempt } from '@stepwise/contracts';

/** The step attempt a webhook is about, with the tenant its outcome belongs to. */
export interface SentStep {
  step: StepAttempt;
  tenantId: string;
}

interface SentStepRow {
  enrollment_id: string;
  step_id: string;
  attempt: number;
  sequence_id: string;
  tenant_id: string;
}

/** A message's final status as Twilio reports it, by callback or when asked. */
export interface DeliveryReport {
  messageSid: string;
  status: string;
  errorCode: string | undefined;
}

/** What Twilio's webhooks read and mark in channel_sms, inside the caller's transaction. */
export class SmsWebhookRepository {
  /**
   * Records each message's final status once; returns the steps of those recorded now, by message
   * SID, so a status Twilio repeats (a callback, a fetch after a late callback, a late 'failed'
   * after 'delivered') publishes nothing more.
   */
  async settleDeliveries(client: PoolClient, reports: readonly DeliveryReport[]): Promise<Map<string, SentStep>> {
    const { rows } = await client.query<SentStepRow & { provider_message_id: string }>(
      `UPDATE send_log AS l SET delivery_status = r.status
       FROM unnest($1::text[], $2::text[]) AS r(message_sid, status)
       WHERE l.provider_message_id = r.message_sid AND l.delivery_status IS NULL
       RETURNING l.provider_message_id, l.enrollment_id, l.step_id, l.attempt, l.sequence_id, l.tenant_id`,
      [reports.map((r) => r.messageSid), reports.map((r) => r.status)],
    );
    return new Map(rows.map((row) => [row.provider_message_id, toSentStep(row)]));
  }

  /**
   * Keeps final statuses that settled nothing: most overtook the settle of their send, and are
   * applied by `takeEarlyReports` once the send log holds their message. Checking the send log here
   * instead would lose the ones whose settle commits between the two statements; a repeat of a
   * status already recorded is kept too, and changes nothing when taken.
   */
  async keepEarly(client: PoolClient, reports: readonly DeliveryReport[]): Promise<void> {
    if (reports.length === 0) return;
    await client.query(
      `INSERT INTO early_delivery_report (message_sid, status, error_code)
       SELECT r.message_sid, r.status, r.error_code
       FROM unnest($1::text[], $2::text[], $3::text[]) AS r(message_sid, status, error_code)
       ON CONFLICT (message_sid) DO NOTHING`,
      [reports.map((r) => r.messageSid), reports.map((r) => r.status), reports.map((r) => r.errorCode ?? null)],
    );
  }

  /**
   * Removes and returns the kept statuses whose message the send log now holds: all of them, or
   * those of `messageSids` (the sends a settle just recorded).
   */
  async takeEarlyReports(client: PoolClient, messageSids?: readonly string[]): Promise<DeliveryReport[]> {
    if (messageSids?.length === 0) return [];
    const { rows } = await client.query<{ message_sid: string; status: string; error_code: string | null }>(
      `DELETE FROM early_delivery_report e USING send_log l
       WHERE l.provider_message_id = e.message_sid AND ($1::text[] IS NULL OR e.message_sid = ANY($1::text[]))
       RETURNING e.message_sid, e.status, e.error_code`,
      [messageSids ?? null],
    );
    return rows.map((row) => ({
      messageSid: row.message_sid,
      status: row.status,
      errorCode: row.error_code ?? undefined,
    }));
  }

  /** Drops kept statuses that matched no send for a day (messages of the number sent by something else). */
  async pruneEarlyReports(client: PoolClient): Promise<void> {
    await client.query(`DELETE FROM early_delivery_report WHERE received_at < now() - interval '1 day'`);
  }

  /** Records an inbound message by its SID; false when it was handled before. */
  async firstReceipt(client: PoolClient, messageSid: string): Promise<boolean> {
    const { rowCount } = await client.query(
      'INSERT INTO inbound_message (message_sid) VALUES ($1) ON CONFLICT (message_sid) DO NOTHING',
      [messageSid],
    );
    return rowCount === 1;
  }

  /** The latest SMS Twilio took from `senderAddress` (our number) to `recipient`: what a reply answers. */
  async latestSent(client: PoolClient, recipient: string, senderAddress: string): Promise<SentStep | null> {
    const { rows } = await client.query<SentStepRow>(
      `SELECT enrollment_id, step_id, attempt, sequence_id, tenant_id FROM send_log
       WHERE recipient = $1 AND sender_address = $2 AND status = 'sent'
       ORDER BY claimed_at DESC LIMIT 1`,
      [recipient, senderAddress],
    );
    return rows[0] ? toSentStep(rows[0]) : null;
  }

  /**
   * The tenant that sends from `senderAddress` (our number), by its latest send: a number belongs
   * to one tenant's sender identity. Null when nothing was ever sent from it.
   */
  async tenantOfNumber(client: PoolClient, senderAddress: string): Promise<string | null> {
    const { rows } = await client.query<{ tenant_id: string }>(
      `SELECT tenant_id FROM send_log WHERE sender_address = $1 ORDER BY claimed_at DESC LIMIT 1`,
      [senderAddress],
    );
    return rows[0]?.tenant_id ?? null;
  }
}

function toSentStep(row: SentStepRow): SentStep {
  return {
    step: { enrollmentId: row.enrollment_id, stepId: row.step_id, attempt: row.attempt, sequenceId: row.sequence_id },
    tenantId: row.tenant_id,
  };
}
