import { Injectable } from '@nestjs/common';
import addressparser from 'nodemailer/lib/addressparser';
import { EmailSendRepository } from '../email/email-send.repository';
import type { StoredConnection } from '../identity-connection/identity-connection.repository';
import { messageIdsIn, readInboundMail } from '../inbound/inbound-mail';
import type { InboundVerdict } from '../inbound/classify-inbound';
import { RecordInbound } from '../inbound/record-inbound';

/**
 * The one place reply sync meets the inbound path: a message read from an identity's mailbox
 * goes through the same classifier and recorder as mail received over SMTP. A message naming
 * none of our Message-IDs (a fresh mail, a client that drops the headers) is attributed to the
 * identity's latest send to its sender among enrollments still running, by adding that send's
 * Message-ID to its References: the recorder matches on those and nothing else changes.
 */
@Injectable()
export class RecordSyncedMail {
  constructor(
    private readonly record: RecordInbound,
    private readonly sends: EmailSendRepository,
  ) {}

  async execute(identity: StoredConnection, raw: Buffer, receivedAt: Date): Promise<InboundVerdict | null> {
    // No SMTP envelope here: the Return-Path header the mailbox's delivery agent wrote stands in.
    const mail = await readInboundMail(raw, { recipients: [identity.address], receivedAt });
    const named = [...messageIdsIn(mail.headers.get('in-reply-to')), ...messageIdsIn(mail.headers.get('references'))];
    if (!(await this.sends.findByMessageIds(named))) {
      const from = senderOf(mail.headers.get('from'));
      if (!from || from === identity.address.toLowerCase()) return null;
      const sent = await this.sends.latestSentTo(identity.identityId, from);
      if (sent)
        mail.headers.set('references', [mail.headers.get('references'), sent.messageId].filter(Boolean).join(' '));
    }
    return this.record.execute(mail);
  }
}

function senderOf(header: string | undefined): string | null {
  const [first] = header ? addressparser(header, { flatten: true }) : [];
  return first?.address ? first.address.toLowerCase() : null;
}
