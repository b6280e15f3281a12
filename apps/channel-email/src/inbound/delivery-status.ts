import type { InboundMail } from './inbound-mail';

export interface DeliveryFailure {
  bounce: 'hard' | 'soft';
  /** The enhanced status code (5.1.1) when the report gives one. */
  status?: string;
  /** Message-IDs quoted from the returned message: ours names the attempt. */
  originalMessageIds: string[];
}

const DSN_CONTENT_TYPE = /multipart\/report[\s\S]*report-type="?delivery-status/i;
const BOUNCE_SENDER = /mailer-daemon|postmaster|mail delivery (?:subsystem|system)/i;
const BOUNCE_SUBJECT =
  /undeliver|delivery status notification|returned mail|failure notice|delivery (?:has )?failed|mail delivery failed|unzustellbar|non remis|non distribuable|no se puede entregar|no entregado/i;
const STATUS_FIELD = /^Status:\s*([245])\.(\d{1,3})\.(\d{1,3})/im;
const ACTION_FIELD = /^Action:\s*(failed|delayed|delivered|relayed|expanded)/im;
const ENHANCED_CODE = /\b([45])\.(\d{1,3})\.(\d{1,3})\b/;
const SMTP_REPLY = /\b([45])\d\d[ -]/;
const TEMPORARY =
  /temporar|will (?:retry|be retried|continue)|delayed|try again later|vorübergehend|temporaire|temporal/i;
const MESSAGE_ID_FIELD = /^Message-ID:\s*(<[^<>\s]+>)/gim;

/**
 * A delivery status notification: an RFC 3464 report (Status and Action fields), or a mailer's
 * plain-text bounce (qmail, Exim, Exchange, Postfix without a report) read for an enhanced status
 * code, an SMTP reply code, or wording. 5.x.x is a hard bounce, 4.x.x (or Action: delayed, or
 * "will retry" wording) a soft one. Null when the message is not a bounce.
 */
export function parseDeliveryStatus(mail: InboundMail): DeliveryFailure | null {
  const contentType = mail.headers.get('content-type') ?? '';
  const from = mail.headers.get('from') ?? '';
  const isReport = DSN_CONTENT_TYPE.test(contentType);
  if (!isReport && !BOUNCE_SENDER.test(from) && !BOUNCE_SUBJECT.test(mail.subject)) return null;
  // Report parts are plain 7-bit text in the raw message; the decoded text covers encoded bounce bodies.
  const body = `${bodyOf(mail.raw)}\n${mail.text}`;
  const action = ACTION_FIELD.exec(body)?.[1].toLowerCase();
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return null;
  const statusMatch = STATUS_FIELD.exec(body) ?? ENHANCED_CODE.exec(body);
  if (statusMatch?.[1] === '2') return null;
  const status = statusMatch ? `${statusMatch[1]}.${statusMatch[2]}.${statusMatch[3]}` : undefined;
  const klass = statusMatch?.[1] ?? SMTP_REPLY.exec(body)?.[1];
  const soft = action === 'delayed' || klass === '4' || (klass === undefined && TEMPORARY.test(body));
  return {
    bounce: soft ? 'soft' : 'hard',
    ...(status ? { status } : {}),
    originalMessageIds: [...body.matchAll(MESSAGE_ID_FIELD)].map((m) => m[1]),
  };
}

/** Everything after the report's own header block: its parts, with the returned message's headers. */
function bodyOf(raw: string): string {
  const end = /\r?\n\r?\n/.exec(raw);
  return end ? raw.slice(end.index) : '';
}
