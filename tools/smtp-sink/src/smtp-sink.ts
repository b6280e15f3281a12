import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { headerBlockOf, parseHeaderBlock, readAll, readHeaderBlock } from './headers';
import { MessageStore, type ReceivedMessage, type SinkSnapshot } from './message-store';

export interface SmtpSinkOptions {
  /** 0 picks a free port (tests); read the real one from `smtpPort` on the result. */
  smtpPort: number;
  httpPort: number;
  host?: string;
  /**
   * Recipients matching this are refused with 550, as a real server refuses an unknown mailbox,
   * so the refused-recipient path can be exercised. Defaults to addresses containing "reject".
   */
  refuseRecipients?: RegExp;
  /** Keep each whole message (bodies included) in `raw`; off by default so benchmarks cost no memory. */
  keepRaw?: boolean;
  /**
   * Decode and keep the text and HTML parts of the most recent messages (BODY_LIMIT), shown by
   * GET /messages and GET /messages/{message-id}: the demo shows what a candidate receives. Off by
   * default for benchmarks; the standalone sink (main.ts) turns it on.
   */
  keepBodies?: boolean;
}

export interface SmtpSink {
  readonly smtpPort: number;
  readonly httpPort: number;
  messages(): SinkSnapshot;
  countForMessageId(messageId: string): number;
  countForRecipient(address: string): number;
  /**
   * From now on, refuse senders whose envelope address matches with 535 (as a server answers a
   * revoked password), or accept everyone again with null: exercises a sender losing its login.
   */
  refuseLogins(senders: RegExp | null): void;
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_REFUSED_RECIPIENTS = /reject/i;

/** Pooled senders keep connections open; on close they get this long before being cut. */
const CLOSE_TIMEOUT_MS = 1_000;

/**
 * A development SMTP server that accepts every message without authentication, remembers what it
 * received and reports it over HTTP. Nothing is delivered anywhere.
 */
export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const store = new MessageStore();
  const refusals: Refusals = { recipients: options.refuseRecipients ?? DEFAULT_REFUSED_RECIPIENTS, logins: null };
  const smtp = createSmtpServer(store, refusals, options.keepRaw ?? false, options.keepBodies ?? false);
  const http = createServer((request, response) => serveStatus(store, request, response));
  const smtpPort = await listen(smtp.server, options.smtpPort, host);
  const httpPort = await listen(http, options.httpPort, host).catch(async (error: unknown) => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  });
  return {
    smtpPort,
    httpPort,
    messages: () => store.snapshot(),
    countForMessageId: (messageId) => store.countForMessageId(messageId),
    countForRecipient: (address) => store.countForRecipient(address),
    refuseLogins: (senders) => {
      refusals.logins = senders;
    },
    reset: () => store.reset(),
    close: () =>
      Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          http.closeAllConnections();
          http.close(() => resolve());
        }),
      ]).then(() => undefined),
  };
}

interface Refusals {
  recipients: RegExp;
  logins: RegExp | null;
}

function createSmtpServer(store: MessageStore, refusals: Refusals, keepRaw: boolean, keepBodies: boolean): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    // Plain text only: the sink has no certificate worth trusting, and senders here connect without TLS.
    disabledCommands: ['STARTTLS', 'AUTH'],
    // A reverse DNS lookup per connection would dominate a benchmark's connection setup.
    disableReverseLookup: true,
    // Every reply gates the client's next command: send it at once instead of letting Nagle hold it.
    noDelay: true,
    closeTimeout: CLOSE_TIMEOUT_MS,
    logger: false,
    onMailFrom(address: SMTPServerAddress, _session: SMTPServerSession, callback) {
      if (!refusals.logins?.test(address.address)) return callback();
      callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback) {
      if (!refusals.recipients.test(address.address)) return callback();
      callback(
        Object.assign(new Error('5.1.1 Recipient address rejected: mailbox unavailable'), { responseCode: 550 }),
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const whole = keepRaw || keepBodies;
      (whole ? readAll(stream) : readHeaderBlock(stream))
        .then(async (text) => {
          const headers = parseHeaderBlock(whole ? headerBlockOf(text) : text);
          store.add({
            messageId: headers['message-id'] ?? null,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: headers['subject'] ?? '',
            headers,
            ...(keepRaw ? { raw: text } : {}),
            ...(keepBodies ? await bodiesOf(text) : {}),
          });
        })
        .then(
          () => callback(null, 'Message accepted'),
          (error: Error) => callback(error),
        );
    },
  });
}

/** The decoded text and HTML parts, as a mail client shows them. */
async function bodiesOf(raw: string): Promise<Pick<ReceivedMessage, 'text' | 'html'>> {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  return {
    ...(parsed.text !== undefined ? { text: parsed.text } : {}),
    ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
  };
}

/**
 * GET /messages reports what was received (with bodies when kept); GET /messages/{message-id}
 * one message; DELETE /messages forgets everything.
 */
function serveStatus(store: MessageStore, request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', 'http://sink').pathname;
  const one = /^\/messages\/(.+)$/.exec(path);
  if (one && request.method === 'GET') {
    const message = store.find(decodeURIComponent(one[1]));
    return message ? reply(response, 200, message) : reply(response, 404, { error: `no message ${one[1]}` });
  }
  if (path !== '/messages') return reply(response, 404, { error: 'not found: use /messages' });
  if (request.method === 'GET') return reply(response, 200, store.snapshot());
  if (request.method === 'DELETE') {
    store.reset();
    return reply(response, 200, { count: 0 });
  }
  reply(response, 405, { error: 'use GET or DELETE' });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function listen(server: Server | SMTPServer['server'], port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
