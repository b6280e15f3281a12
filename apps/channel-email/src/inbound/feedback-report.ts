import { returnedMessageIds } from './delivery-status';
import type { InboundMail } from './inbound-mail';

/** One complaint: the recipient who marked our mail as spam (or fraud, or a virus). */
export interface Complaint {
  /** The complaining recipient when the report names one (Original-Rcpt-To, or the returned message's To). */
  address?: string;
  /** RFC 5965 Feedback-Type: abuse, fraud, virus, other. */
  feedbackType: string;
}

export interface FeedbackReport {
  /** Complaints, one per complaining recipient; empty for a report that is not a complaint (auth-failure, not-spam). */
  complaints: Complaint[];
  feedbackType: string;
  originalMessageIds: string[];
}

const ARF_REPORT = /multipart\/report[\s\S]*report-type="?feedback-report/i;
const FEEDBACK_TYPE = /^Feedback-Type:\s*([\w-]+)/im;
const COMPLAINT_TYPES = new Set(['abuse', 'fraud', 'virus', 'other', 'complaint']);
const ADDRESS = /([a-z0-9._%+=\-'/]+@[a-z0-9.-]+\.[a-z]{2,})/i;
/** Hotmail/Outlook's feedback loop forwards the complained-about message with the complainer in this header. */
const HOTMAIL_RECIPIENT = 'x-hmxmroriginalrecipient';

/**
 * An Abuse Reporting Format report (RFC 5965): `multipart/report; report-type=feedback-report`,
 * or the same parts without that parameter (Yahoo's and others' loops), or Hotmail's loop, which
 * forwards the message itself with the complainer in X-HmXmrOriginalRecipient. A report that
 * names several recipients (one part per complaint, or several Original-Rcpt-To) gives one
 * complaint each. Null when the message is no feedback report.
 */
export function readFeedbackReport(mail: InboundMail): FeedbackReport | null {
  const reportParts = mail.parts.filter((p) => p.contentType === 'message/feedback-report');
  const hotmail = hotmailRecipients(mail);
  const isReport =
    reportParts.length > 0 || ARF_REPORT.test(mail.headers.get('content-type') ?? '') || hotmail.length > 0;
  if (!isReport) return null;
  const originalMessageIds = returnedMessageIds(mail);
  if (reportParts.length === 0 && hotmail.length > 0) {
    return {
      feedbackType: 'abuse',
      complaints: hotmail.map((address) => ({ address, feedbackType: 'abuse' })),
      originalMessageIds,
    };
  }
  const blocks = reportParts.length > 0 ? reportParts.map((p) => p.content) : [mail.raw];
  const complaints: Complaint[] = [];
  let firstType = '';
  for (const block of blocks) {
    const feedbackType = (FEEDBACK_TYPE.exec(block)?.[1] ?? 'abuse').toLowerCase();
    firstType ||= feedbackType;
    if (!COMPLAINT_TYPES.has(feedbackType)) continue;
    const recipients = [...block.matchAll(/^(?:Original-Rcpt-To|Removal-Recipient):\s*(.+)$/gim)].flatMap(
      (m) => ADDRESS.exec(m[1])?.[1].toLowerCase() ?? [],
    );
    if (recipients.length === 0) complaints.push({ feedbackType, ...addressOf(returnedRecipient(mail)) });
    else for (const address of new Set(recipients)) complaints.push({ address, feedbackType });
  }
  return { feedbackType: firstType || 'abuse', complaints, originalMessageIds };
}

function hotmailRecipients(mail: InboundMail): string[] {
  const values = [
    mail.headers.get(HOTMAIL_RECIPIENT),
    ...mail.parts.map((p) => headerIn(p.content, HOTMAIL_RECIPIENT)),
  ];
  return [...new Set(values.flatMap((v) => (v ? (ADDRESS.exec(v)?.[1].toLowerCase() ?? []) : [])))];
}

/** The To of the returned message: who received the mail complained about. */
function returnedRecipient(mail: InboundMail): string | undefined {
  const returned = mail.parts.find(
    (p) => p.contentType === 'message/rfc822' || p.contentType === 'text/rfc822-headers',
  );
  const to = returned ? headerIn(returned.content, 'to') : undefined;
  return to ? ADDRESS.exec(to)?.[1].toLowerCase() : undefined;
}

function addressOf(address: string | undefined): { address?: string } {
  return address ? { address } : {};
}

function headerIn(message: string, name: string): string | undefined {
  const head = message.split(/\r?\n\r?\n/, 1)[0];
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1];
}
