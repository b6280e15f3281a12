import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@stepwise/platform';

/** The sent messages whose final status has not come, in channel_sms.send_log. */
@Injectable()
export class AwaitingDeliveryRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Takes up to `limit` messages sent, or last asked about, more than `quietMs` ago and still
   * without a final status, marking them asked now: another instance skips them, and one still on
   * its way is asked again only after `quietMs` more. Returns their message SIDs.
   */
  async claimQuiet(quietMs: number, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ provider_message_id: string }>(
      `WITH quiet AS (
         SELECT enrollment_id, step_id, attempt FROM send_log
         WHERE status = 'sent' AND delivery_status IS NULL AND provider_message_id IS NOT NULL
           AND settled_at < now() - make_interval(secs => $1 / 1000.0)
           AND (delivery_checked_at IS NULL OR delivery_checked_at < now() - make_interval(secs => $1 / 1000.0))
         ORDER BY settled_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE send_log AS l SET delivery_checked_at = now()
       FROM quiet
       WHERE l.enrollment_id = quiet.enrollment_id AND l.step_id = quiet.step_id AND l.attempt = quiet.attempt
       RETURNING l.provider_message_id`,
      [quietMs, limit],
    );
    return rows.map((row) => row.provider_message_id);
  }
}
