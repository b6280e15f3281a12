import { simpleParser, type Attachment } from 'mailparser';

/** An inbound message, decoded: what the classifiers read. */
export interface InboundMail {
  /** Lower-case header names; a repeated header keeps its values joined by newlines. */
  headers: Map<string, string>;
  subject: string;
  /** The text body (from the HTML part when there is no text part). */
  text: string;
  /** The message as received: delivery reports are read from their raw parts when MIME parsing gives none. */
  raw: string;
  /** Machine-readable parts (message/delivery-status, message/feedback-report, returned messages), decoded. */
  parts: InboundPart[];
  /** Envelope recipients (RCPT TO). */
  recipients: string[];
  /**
   * The envelope's MAIL FROM: '' for the null return path `<>` that RFC 5321 reserves for bounces
   * and auto-replies; undefined when the source does not know it (a mailbox read over IMAP, where
   * the Return-Path header stands in).
   */
  returnPath?: string;
  receivedAt: Date;
}

export interface InboundPart {
  /** Lower-case MIME type: message/delivery-status, message/rfc822, text/rfc822-headers, ... */
  contentType: string;
  content: string;
}

/** What any inbound source knows besides the message itself. */
export interface InboundEnvelope {
  recipients: string[];
  /** MAIL FROM as the envelope gave it ('' for `<>`), or undefined when unknown. */
  returnPath?: string;
  receivedAt: Date;
}

const MACHINE_PARTS = /^(?:message\/|text\/rfc822-headers)/;

export async function readInboundMail(raw: Buffer, envelope: InboundEnvelope): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers.set(key, headers.has(key) ? `${headers.get(key)}\n${value}` : value);
  }
  return {
    headers,
    subject: parsed.subject ?? '',
    text: parsed.text ?? (typeof parsed.html === 'string' ? stripTags(parsed.html) : ''),
    raw: raw.toString('utf8'),
    parts: parsed.attachments.filter((a) => MACHINE_PARTS.test(a.contentType)).map(partOf),
    recipients: envelope.recipients,
    returnPath: envelope.returnPath ?? returnPathHeader(headers.get('return-path')),
    receivedAt: envelope.receivedAt,
  };
}

function partOf(attachment: Attachment): InboundPart {
  return { contentType: attachment.contentType.toLowerCase(), content: attachment.content.toString('utf8') };
}

/** The Return-Path a final delivery agent wrote; `<>` is the null path. */
function returnPathHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = value.split('\n')[0].trim();
  return first.replace(/^<|>$/g, '').trim();
}

function stripTags(html: string): string {
  return html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, ' ');
}

/** Every <message-id> in a header value (In-Reply-To, References), in order. */
export function messageIdsIn(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}
