import { autoReplySign, isChallenge } from './auto-reply';
import type { BounceReason } from './bounce-reason';
import { readDeliveryReport, type DeliveryReport, type FailedRecipient } from './delivery-status';
import { readFeedbackReport, type Complaint } from './feedback-report';
import type { InboundClass } from './inbound-class';
import { messageIdsIn, type InboundMail } from './inbound-mail';
import { readNonStandardBounce } from './non-standard-bounce';
import { detectOutOfOffice } from './out-of-office';
import { isUnsubscribeRequest } from './unsubscribe-request';

/** What an inbound message means, and how to find the attempt it answers. */
export interface InboundVerdict {
  class: InboundClass;
  /**
   * Why, in one word: the bounce reason (userunknown, mailboxfull, ...), the complaint's feedback
   * type, the auto-reply sign (auto_submitted, read_receipt, ...), the notice's action (delayed).
   */
  reason?: string;
  /** Return tokens from VERP recipients (bounces+<token>@…, reply+<token>@…), the surest match. */
  returnTokens: string[];
  /** Message-IDs that may be ours: In-Reply-To, References, and those quoted in a report. */
  messageIds: string[];
  /** For a bounce: the worst of its failed recipients (a hard one, if any). */
  bounce?: 'hard' | 'soft';
  status?: string;
  diagnostic?: string;
  /** For a bounce: every failed recipient the report names. */
  failedRecipients?: FailedRecipient[];
  /** For a complaint: one entry per complaining recipient. */
  complaints?: Complaint[];
  outOfOfficeUntil?: string;
}

const VERP_RECIPIENT = /^(?:bounces|reply)\+([a-z2-7]{26})@/i;

/**
 * The order matters. Reports first, by their structure: a bounce (RFC 3464) or a feedback report
 * (RFC 5965) may quote any mail, a person's or an auto-reply. Then plain-text bounces, then an
 * unsubscribe request, then absence notices and other automatic mail; what is left a person wrote.
 * Usable from any inbound source: give it the mail as received and the envelope's MAIL FROM.
 */
export function classifyInbound(mail: InboundMail): InboundVerdict {
  const returnTokens = mail.recipients.flatMap((r) => VERP_RECIPIENT.exec(r)?.[1].toLowerCase() ?? []);
  const threadIds = distinct([
    ...messageIdsIn(mail.headers.get('in-reply-to')),
    ...messageIdsIn(mail.headers.get('references')),
  ]);
  const base = { returnTokens, messageIds: threadIds };
  const sign = autoReplySign(mail);

  const feedback = readFeedbackReport(mail);
  if (feedback) {
    const messageIds = distinct([...feedback.originalMessageIds, ...threadIds]);
    if (feedback.complaints.length === 0)
      return { ...base, messageIds, class: 'auto_reply', reason: `feedback_${feedback.feedbackType}` };
    return { ...base, messageIds, class: 'complaint', reason: feedback.feedbackType, complaints: feedback.complaints };
  }

  // A challenge (Boxbe and the like, sometimes dressed as a DSN) holds the mail until the sender
  // proves they are human: the candidate's address works, so it is no bounce.
  if (isChallenge(mail)) return { ...base, class: 'auto_reply', reason: 'challenge_response' };
  const standard = readDeliveryReport(mail);
  if (standard) return fromReport(standard, base, threadIds);
  const report = readNonStandardBounce(mail, sign !== null && sign !== 'system_sender');
  if (report) return fromReport(report, base, threadIds);

  if (isUnsubscribeRequest(mail)) return { ...base, class: 'unsubscribe', reason: 'mailed_request' };

  const outOfOffice = detectOutOfOffice(mail, sign !== null);
  if (outOfOffice) {
    return {
      ...base,
      class: 'out_of_office',
      ...(sign ? { reason: sign } : {}),
      ...(outOfOffice.until ? { outOfOfficeUntil: outOfOffice.until } : {}),
    };
  }
  if (sign) return { ...base, class: 'auto_reply', reason: sign };
  return { ...base, class: 'reply' };
}

function fromReport(
  report: DeliveryReport,
  base: Pick<InboundVerdict, 'returnTokens' | 'messageIds'>,
  threadIds: string[],
): InboundVerdict {
  const messageIds = distinct([...report.originalMessageIds, ...threadIds]);
  if (report.failed.length === 0)
    return { ...base, messageIds, class: 'delivery_notice', reason: report.notices[0] ?? 'delayed' };
  const worst = report.failed.find((f) => f.bounce === 'hard') ?? report.failed[0];
  return {
    ...base,
    messageIds,
    class: 'bounce',
    reason: worst.reason satisfies BounceReason,
    bounce: worst.bounce,
    ...(worst.status ? { status: worst.status } : {}),
    diagnostic: worst.diagnostic,
    failedRecipients: report.failed,
  };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
