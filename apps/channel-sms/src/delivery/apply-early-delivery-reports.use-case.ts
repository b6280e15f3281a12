import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { inTransaction } from '@stepwise/database';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { RecordDeliveryStatus } from '../webhooks/record-delivery-status';
import { SmsWebhookRepository } from '../webhooks/sms-webhook.repository';

/**
 * Applies the final statuses whose callback came before their send was settled and that the settle
 * itself did not pick up (SmsSender.afterSettle takes those of its own sends): taken and recorded
 * in one transaction, so a crash loses none. No Twilio call.
 */
@Injectable()
export class ApplyEarlyDeliveryReportsUseCase {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly repository: SmsWebhookRepository,
    private readonly recordDeliveryStatus: RecordDeliveryStatus,
    private readonly lifecycle: PlatformLifecycle,
  ) {}

  /** Returns how many outcomes were published. */
  async execute(): Promise<number> {
    const published = await inTransaction(this.pool, async (client) => {
      await this.repository.pruneEarlyReports(client);
      return this.recordDeliveryStatus.recordIn(client, await this.repository.takeEarlyReports(client));
    });
    if (published > 0) this.lifecycle.nudgeOutbox();
    return published;
  }
}
