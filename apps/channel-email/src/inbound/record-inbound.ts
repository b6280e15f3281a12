import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { LOGGER, PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { EmailSendRepository, type RecordedEmail } from '../email/email-send.repository';
import { emailOutcome } from '../email/outcome-messages';
import { classifyInbound, type InboundVerdict } from './classify-inbound';
import type { InboundMail } from './inbound-mail';
import { inboundOutcomes } from './inbound-outcomes';

/**
 * Turns a received mail into the outcomes of the attempt it answers (replied, bounced with its
 * reason, complaint, unsubscribed, out_of_office, auto_reply), whatever source read it: the
 * inbound SMTP server, or a mailbox sync. Mail that answers nothing we sent is accepted and
 * dropped: refusing it would only make the sender retry.
 */
@Injectable()
export class RecordInbound {
  constructor(
    private readonly sends: EmailSendRepository,
    private readonly platform: PlatformLifecycle,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(mail: InboundMail): Promise<InboundVerdict | null> {
    const verdict = classifyInbound(mail);
    const email = await this.attemptOf(verdict);
    if (!email) {
      this.logger.info(
        { class: verdict.class, reason: verdict.reason },
        'inbound email matches no sent email; dropped',
      );
      return null;
    }
    const outcomes = inboundOutcomes(verdict, email);
    if (outcomes.length === 0) {
      this.logger.info(
        { class: verdict.class, messageId: email.messageId },
        'inbound report names another address than the one the email went to; dropped',
      );
      return verdict;
    }
    const context = { tenantId: email.tenantId, step: email.step, providerMessageId: email.messageId };
    const messages = outcomes.map((o) => emailOutcome(context, o.kind, mail.receivedAt, o.details));
    await inTransaction(this.pool, (client) => appendToOutbox(client, messages));
    this.platform.nudgeOutbox();
    return verdict;
  }

  private async attemptOf(verdict: InboundVerdict): Promise<RecordedEmail | null> {
    for (const token of verdict.returnTokens) {
      const email = await this.sends.findByReturnToken(token);
      if (email) return email;
    }
    return this.sends.findByMessageIds(verdict.messageIds);
  }
}
