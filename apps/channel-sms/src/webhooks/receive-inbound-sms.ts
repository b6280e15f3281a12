import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Topics } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { LOGGER, PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { outcomeEnvelope } from '@stepwise/channel-kit';
import { isOptOut } from './opt-out-keywords';
import { SmsWebhookRepository } from './sms-webhook.repository';
import type { InboundSms } from './twilio-webhook.dto';

/**
 * An SMS from a candidate answers the latest step sent to them from that number: an opt-out
 * keyword becomes 'unsubscribed' (enrollment suppresses the number everywhere), anything else
 * 'replied'. Each inbound message counts once.
 */
@Injectable()
export class ReceiveInboundSms {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repository: SmsWebhookRepository,
    private readonly lifecycle: PlatformLifecycle,
  ) {}

  async execute(inbound: InboundSms): Promise<void> {
    const outcome = isOptOut(inbound.Body) ? 'unsubscribed' : 'replied';
    const result = await inTransaction(this.pool, async (client) => {
      if (!(await this.repository.firstReceipt(client, inbound.MessageSid))) return 'repeated';
      const sent = await this.repository.latestSent(client, inbound.From, inbound.To);
      if (!sent) return 'unmatched';
      await appendToOutbox(client, [
        {
          topic: Topics.smsOutcomes,
          envelope: outcomeEnvelope({ channel: 'sms', tenantId: sent.tenantId, step: sent.step, outcome }),
        },
      ]);
      return 'published';
    });
    if (result === 'published') this.lifecycle.nudgeOutbox();
    // Counts and kinds only: never the numbers or the text.
    else this.logger.info({ outcome, result }, 'inbound SMS not turned into an outcome');
  }
}
