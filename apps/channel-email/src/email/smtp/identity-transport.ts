import CircuitBreaker from 'opossum';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import type { SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import { ConcurrencyLimit } from '@stepwise/channel-kit';
import { classifyBreakerRejection, classifySmtpError, type SendFailure } from './smtp-failure';

/** Where one identity's mail goes and how it logs in (see identity-connection/smtp-endpoint). */
export interface SmtpEndpoint {
  host: string;
  port: number;
  /** TLS from the first byte (465). */
  secure?: boolean;
  /** STARTTLS or give up: the password never crosses in clear. */
  requireTLS?: boolean;
  /** Plain only (a local relay that offers STARTTLS it cannot finish). */
  ignoreTLS?: boolean;
  auth?: SmtpAuth;
}

export type SmtpAuth =
  | { type: 'login'; user: string; pass: string }
  | { type: 'OAuth2'; user: string; clientId: string; clientSecret: string; refreshToken: string; accessUrl?: string };

export interface PoolSettings {
  /** Connections each identity's pool may open to its server. */
  maxConnections: number;
  /** Emails sent over one connection before the pool replaces it. */
  maxMessagesPerConnection: number;
}

export interface OutgoingEmail {
  from: { address: string; name?: string };
  to: string;
  subject: string;
  text?: string;
  html?: string;
  /** Ours, with angle brackets (see messageIdFor). */
  messageId: string;
  /** Envelope MAIL FROM (the VERP return path); the From address when absent. */
  returnPath?: string;
  /** The Message-ID this email answers, and the thread it belongs to (same-thread follow-ups). */
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
}

export type SendResult = { ok: true } | { ok: false; failure: SendFailure };

export type BreakerState = 'closed' | 'open' | 'half_open';

// Each phase fails on its own clock, so an error says where the send stopped (see smtp-failure).
const CONNECTION_TIMEOUT_MS = 5_000;
const GREETING_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 20_000;

/**
 * Backstop above nodemailer's own timeouts: it fires only when a server trickles replies slowly
 * enough to defeat them. Opening after half the sends of a 10 s window failed (at least 10) stops
 * a batch from queueing hundreds of sends behind a dead server; one probe goes through after 15 s.
 */
const BREAKER_OPTIONS: CircuitBreaker.Options = {
  timeout: 30_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  rollingCountTimeout: 10_000,
  resetTimeout: 15_000,
};

/** A failure nodemailer reported, already classified, as opposed to one raised by the breaker. */
class SmtpCallError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.message);
  }
}

/**
 * One sender identity's way out: a pooled SMTP transport (connections reused across sends) behind
 * its own circuit breaker, so one identity's broken mailbox never slows down the others.
 */
export class IdentityTransport {
  private readonly transport: Mail<SMTPPoolSentMessageInfo>;
  private readonly breaker: CircuitBreaker<[Mail.Options], SMTPPoolSentMessageInfo>;
  /**
   * One slot per pooled connection: a send holds a connection for the whole breaker call. Sends
   * wait here, before the breaker, rather than in nodemailer's pool queue: time spent queued would
   * count against the breaker's timeout, and a send the breaker gave up on while the pool still
   * held it could go out later, after being reported as of unknown fate.
   */
  private readonly slots: ConcurrencyLimit;
  private inFlight = 0;
  private lastUsed = Date.now();

  /**
   * `shared` bounds the sends in flight across identities. It is taken only once this identity's
   * own slot is held: sends queued behind a dead server wait in its own queue, never in the shared
   * one, so they cannot crowd out other identities' sends.
   */
  constructor(
    readonly endpoint: SmtpEndpoint,
    settings: PoolSettings,
    private readonly shared: ConcurrencyLimit,
  ) {
    this.slots = new ConcurrencyLimit(settings.maxConnections);
    this.transport = createTransport({
      pool: true,
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.secure ?? false,
      requireTLS: endpoint.requireTLS,
      ignoreTLS: endpoint.ignoreTLS,
      ...(endpoint.auth ? { auth: endpoint.auth } : {}),
      maxConnections: settings.maxConnections,
      maxMessages: settings.maxMessagesPerConnection,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    });
    this.breaker = new CircuitBreaker((mail: Mail.Options) => this.callSmtp(mail), {
      ...BREAKER_OPTIONS,
      // A refused recipient or message is about that email, not about the server's health.
      errorFilter: (error: unknown) =>
        error instanceof SmtpCallError &&
        (error.failure.type === 'invalid_address' || error.failure.type === 'content'),
    });
  }

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** Milliseconds since the last send finished; 0 while one is in flight. */
  idleFor(now = Date.now()): number {
    return this.busy ? 0 : now - this.lastUsed;
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half_open' : 'closed';
  }

  /** One attempt; never throws. Resolves ok only once the server accepted the message (2xx after DATA). */
  async send(email: OutgoingEmail): Promise<SendResult> {
    this.inFlight++;
    try {
      const mail: Mail.Options = {
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        inReplyTo: email.inReplyTo,
        references: email.references,
        headers: email.headers,
        ...(email.returnPath ? { envelope: { from: email.returnPath, to: email.to } } : {}),
      };
      await this.slots.run(() => this.shared.run(() => this.breaker.fire(mail)));
      return { ok: true };
    } catch (error) {
      return { ok: false, failure: this.failureOf(error, email.messageId) };
    } finally {
      this.inFlight--;
      this.lastUsed = Date.now();
    }
  }

  /** Idle connections close now; one delivering a message finishes it first. */
  close(): void {
    this.breaker.shutdown();
    this.transport.close();
  }

  private async callSmtp(mail: Mail.Options): Promise<SMTPPoolSentMessageInfo> {
    try {
      return await this.transport.sendMail(mail);
    } catch (error) {
      throw new SmtpCallError(classifySmtpError(error as NodemailerError, String(mail.messageId)));
    }
  }

  private failureOf(error: unknown, messageId: string): SendFailure {
    if (error instanceof SmtpCallError) return error.failure;
    const code = (error as { code?: string }).code;
    if (code === 'EOPENBREAKER') return classifyBreakerRejection({ breaker: 'open' }, messageId);
    if (code === 'ESHUTDOWN') return classifyBreakerRejection({ breaker: 'shutdown' }, messageId);
    // The breaker's own timeout (ETIMEDOUT) or anything unforeseen: the send may have happened.
    return classifyBreakerRejection({ breaker: 'timeout' }, messageId);
  }
}
