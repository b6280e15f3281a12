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

/** What Twilio's webhooks read and mark in channel_sms, inside the caller's transaction. */
export class SmsWebhookRepository {
  /**
   * Records a message's final status once; returns its step only the first time, so a callback
   * Twilio repeats (or a late 'failed' after 'delivered') publishes nothing more.
   */
  async settleDelivery(client: PoolClient, messageSid: string, status: string): Promise<SentStep | null> {
    const { rows } = await client.query<SentStepRow>(
      `UPDATE send_log SET delivery_status = $2
       WHERE provider_message_id = $1 AND delivery_status IS NULL
       RETURNING enrollment_id, step_id, attempt, sequence_id, tenant_id`,
      [messageSid, status],
    );
    return rows[0] ? toSentStep(rows[0]) : null;
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
