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
