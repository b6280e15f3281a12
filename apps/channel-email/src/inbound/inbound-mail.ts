import { simpleParser } from 'mailparser';

/** An inbound message, decoded: what the classifiers read. */
export interface InboundMail {
  /** Lower-case header names; a repeated header keeps its values joined by newlines. */
  headers: Map<string, string>;
  subject: string;
  /** The text body (from the HTML part when there is no text part). */
  text: string;
  /** The message as received: delivery reports are read from their raw parts. */
  raw: string;
  /** Envelope recipients (RCPT TO). */
  recipients: string[];
  receivedAt: Date;
}

export async function readInboundMail(raw: Buffer, recipients: string[], receivedAt: Date): Promise<InboundMail> {
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
    recipients,
    receivedAt,
  };
}

function stripTags(html: string): string {
  return html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, ' ');
}

/** Every <message-id> in a header value (In-Reply-To, References), in order. */
export function messageIdsIn(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}
