export interface ReceivedMessage {
  /** The Message-ID header as sent, angle brackets included; null when the client set none. */
  messageId: string | null;
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients the sink accepted (RCPT TO). */
  to: string[];
  subject: string;
  headers: Record<string, string>;
  /** The whole message as received, only when the sink was started with keepRaw (tests that read bodies). */
  raw?: string;
  /** The decoded text part, when the sink keeps bodies (the demo): what the candidate reads. */
  text?: string;
  /** The decoded HTML part, when the sink keeps bodies. */
  html?: string;
}

export interface SinkSnapshot {
  /** Every message accepted since the start or the last reset. */
  count: number;
  /** Message-IDs received more than once: a sender that is idempotent keeps this at 0. */
  duplicateMessageIds: number;
  /** The most recent messages, oldest first, at most `recentLimit`. */
  messages: ReceivedMessage[];
}

/** Default length of the recent list: enough for a demo or a test, bounded for a benchmark. */
export const RECENT_LIMIT = 10_000;
/** Bodies are kept for the most recent messages only: a demo shows a few, a long run must stay small. */
export const BODY_LIMIT = 500;

/**
 * Counts what the sink accepted. Counts cover every message; full details are kept only for the
 * most recent ones, in a ring, so a benchmark of millions of messages stays within memory.
 */
export class MessageStore {
  private total = 0;
  private duplicates = 0;
  private readonly perMessageId = new Map<string, number>();
  private readonly perRecipient = new Map<string, number>();
  private recent: ReceivedMessage[] = [];
  private next = 0;
  private withBodies: ReceivedMessage[] = [];

  constructor(
    private readonly recentLimit = RECENT_LIMIT,
    private readonly bodyLimit = BODY_LIMIT,
  ) {}

  add(message: ReceivedMessage): void {
    this.total++;
    if (message.text !== undefined || message.html !== undefined) {
      this.withBodies.push(message);
      const oldest = this.withBodies.length > this.bodyLimit ? this.withBodies.shift() : undefined;
      if (oldest) {
        delete oldest.text;
        delete oldest.html;
      }
    }
    if (message.messageId !== null) {
      const seen = (this.perMessageId.get(message.messageId) ?? 0) + 1;
      this.perMessageId.set(message.messageId, seen);
      if (seen === 2) this.duplicates++;
    }
    for (const address of message.to) {
      const key = address.toLowerCase();
      this.perRecipient.set(key, (this.perRecipient.get(key) ?? 0) + 1);
    }
    if (this.recent.length < this.recentLimit) this.recent.push(message);
    else this.recent[this.next] = message;
    this.next = (this.next + 1) % this.recentLimit;
  }

  /** The most recent message with this Message-ID (angle brackets optional), or null. */
  find(messageId: string): ReceivedMessage | null {
    const wanted = messageId.startsWith('<') ? messageId : `<${messageId}>`;
    const { messages } = this.snapshot();
    for (let i = messages.length - 1; i >= 0; i--) if (messages[i].messageId === wanted) return messages[i];
    return null;
  }

  countForMessageId(messageId: string): number {
    return this.perMessageId.get(messageId) ?? 0;
  }

  countForRecipient(address: string): number {
    return this.perRecipient.get(address.toLowerCase()) ?? 0;
  }

  snapshot(): SinkSnapshot {
    const messages =
      this.recent.length < this.recentLimit
        ? [...this.recent]
        : [...this.recent.slice(this.next), ...this.recent.slice(0, this.next)];
    return { count: this.total, duplicateMessageIds: this.duplicates, messages };
  }

  reset(): void {
    this.total = 0;
    this.duplicates = 0;
    this.perMessageId.clear();
    this.perRecipient.clear();
    this.recent = [];
    this.next = 0;
    this.withBodies = [];
  }
}
