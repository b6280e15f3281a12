import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Topics } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { LOGGER, PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { outcomeEnvelope } from '@stepwise/channel-kit';
import { deliveryVerdict } from './delivery-status';
import { SmsWebhookRepository } from './sms-webhook.repository';
import type { StatusCallback } from './twilio-webhook.dto';

/** A Twilio status callback: a final status becomes the step's 'delivered' or 'failed' outcome, once. */
@Injectable()
export class RecordDeliveryStatus {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repository: SmsWebhookRepository,
    private readonly lifecycle: PlatformLifecycle,
  ) {}

  async execute(callback: StatusCallback): Promise<void> {
    const verdict = deliveryVerdict(callback.MessageStatus, callback.ErrorCode);
    if (!verdict) return;
    const published = await inTransaction(this.pool, async (client) => {
      const sent = await this.repository.settleDelivery(client, callback.MessageSid, callback.MessageStatus);
      if (!sent) return false;
      await appendToOutbox(client, [
        {
          topic: Topics.smsOutcomes,
          envelope: outcomeEnvelope({
            channel: 'sms',
            tenantId: sent.tenantId,
            step: sent.step,
            outcome: verdict.outcome,
            providerMessageId: callback.MessageSid,
            failure: verdict.outcome === 'failed' ? verdict.failure : undefined,
          }),
        },
      ]);
      return true;
    });
    if (published) this.lifecycle.nudgeOutbox();
    else this.logger.debug({ status: callback.MessageStatus }, 'status callback for an unknown or settled message');
  }
}
