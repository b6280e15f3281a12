import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { LOGGER, PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { EmailSendRepository, type RecordedEmail } from '../email/email-send.repository';
import { emailOutcome, type EmailOutcomeDetails } from '../email/outcome-messages';
import { classifyInbound, type InboundVerdict } from './classify-inbound';
import type { InboundMail } from './inbound-mail';

/**
 * Turns a received reply or bounce into the outcome of the attempt it answers: replied,
 * out_of_office (with the return date) or bounced (hard or soft). Mail that answers nothing we
 * sent is accepted and dropped: refusing it would only make the sender retry.
 */
@Injectable()
export class RecordInbound {
  constructor(
    private readonly sends: EmailSendRepository,
    private readonly platform: PlatformLifecycle,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(mail: InboundMail): Promise<InboundVerdict['outcome'] | null> {
    const verdict = classifyInbound(mail);
    const email = await this.attemptOf(verdict);
    if (!email) {
      this.logger.info({ outcome: verdict.outcome }, 'inbound email matches no sent email; dropped');
      return null;
    }
    const message = emailOutcome(
      { tenantId: email.tenantId, step: email.step, providerMessageId: email.messageId },
      verdict.outcome,
      mail.receivedAt,
      detailsOf(verdict),
    );
    await inTransaction(this.pool, (client) => appendToOutbox(client, [message]));
    this.platform.nudgeOutbox();
    return verdict.outcome;
  }

  private async attemptOf(verdict: InboundVerdict): Promise<RecordedEmail | null> {
    for (const token of verdict.returnTokens) {
      const email = await this.sends.findByReturnToken(token);
      if (email) return email;
    }
    return this.sends.findByMessageIds(verdict.messageIds);
  }
}

function detailsOf(verdict: InboundVerdict): EmailOutcomeDetails {
  if (verdict.outcome === 'bounced') return { bounce: verdict.bounce };
  if (verdict.outcome === 'out_of_office' && verdict.outOfOfficeUntil)
    return { outOfOfficeUntil: verdict.outOfOfficeUntil };
  return {};
}
