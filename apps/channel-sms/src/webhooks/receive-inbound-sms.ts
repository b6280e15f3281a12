import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createEnvelope, recipientSignalSchema, Topics } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox, type OutboxMessage } from '@stepwise/outbox';
import { LOGGER, PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { outcomeEnvelope } from '@stepwise/channel-kit';
import { isOptOut } from './opt-out-keywords';
import { SmsWebhookRepository } from './sms-webhook.repository';
import type { InboundSms } from './twilio-webhook.dto';

/**
 * An SMS from a candidate answers the latest step sent to them from that number: an opt-out
 * keyword becomes 'unsubscribed' (enrollment suppresses the number everywhere), anything else
 * 'replied'. Each inbound message counts once.
 *
 * An opt-out from a number no send matches (a step sent before the send log kept recipients, a
 * candidate texting a recruiter's number first) is still the law's business: it becomes a
 * recipient.signal 'unsubscribe' for that phone on the public signals topic, in the tenant that
 * owns our number, so enrollment suppresses it. Only a number we never sent from is dropped.
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
      if (sent) {
        await appendToOutbox(client, [
          {
            topic: Topics.smsOutcomes,
            envelope: outcomeEnvelope({ channel: 'sms', tenantId: sent.tenantId, step: sent.step, outcome }),
          },
        ]);
        return 'published';
      }
      if (outcome !== 'unsubscribed') return 'unmatched';
      const tenantId = await this.repository.tenantOfNumber(client, inbound.To);
      if (!tenantId) return 'unknown number';
      await appendToOutbox(client, [unsubscribeSignal(tenantId, inbound.From)]);
      return 'published';
    });
    if (result === 'published') this.lifecycle.nudgeOutbox();
    // Counts and kinds only: never the numbers or the text.
    else this.logger.info({ outcome, result }, 'inbound SMS not turned into an outcome');
  }
}

/** Keyed by the phone: everything about that recipient's opt-out stays in order. */
function unsubscribeSignal(tenantId: string, phone: string): OutboxMessage {
  return {
    topic: Topics.publicRecipientSignals,
    envelope: createEnvelope(recipientSignalSchema, {
      tenantId,
      key: phone,
      payload: { recipient: { phone }, signal: 'unsubscribe', reason: 'Opt-out keyword by SMS' },
    }),
  };
}
