import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface TwilioFakeOptions {
  /** 0 picks a free port (tests); read the chosen one from `url`. */
  port: number;
  accountSid: string;
  authToken: string;
  host?: string;
  /**
   * Status callbacks posted (signed) to a message's StatusCallback URL after it was accepted:
   * 'sent', then the final status `finalStatus` picks. false: none (load tests that only count sends).
   */
  statusCallbacks?: false | { delayMs?: number; finalStatus?: (to: string) => FinalStatus };
}

/** How a message ends at the carrier, as Twilio reports it. */
export type FinalStatus = { status: 'delivered' } | { status: 'undelivered' | 'failed'; errorCode: number };

/** Numbers ending in 0000 cannot take SMS (Twilio 30003, unreachable handset); everything else is delivered. */
export function defaultFinalStatus(to: string): FinalStatus {
  return to.endsWith('0000') ? { status: 'undelivered', errorCode: 30003 } : { status: 'delivered' };
}

/** One webhook the fake posted (a status callback or an inbound message) and what the service answered. */
export interface WebhookDelivery {
  url: string;
  params: Record<string, string>;
  /** The HTTP status the service answered with; null when it could not be reached. */
  status: number | null;
}

export interface InboundSmsInput {
  /** The service's full inbound webhook URL, as configured on the Twilio number. */
  url: string;
  from: string;
  to: string;
  body: string;
  /** Signs with this token instead of the account's: a request Twilio did not send. */
  signWith?: string;
}

/** A message the fake accepted, as a test wants to inspect it. */
export interface RecordedMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  createdAt: string;
  /**
   * When the create request reached the fake (its headers parsed, before its body was read): the
   * closest this process can say to when the sender made the call.
   */
  requestedAt: string;
  /** Where the message is now: 'queued', then 'sent', then its final status, as a fetch reports it. */
  status: string;
  errorCode: number | null;
}

/** Every authenticated call to create a message, accepted or not: what reached "Twilio". */
export interface RecordedRequest {
  to: string | null;
  status: number;
  /** Twilio's error code when the message was refused. */
  errorCode: number | null;
}

export interface TwilioFake {
  /** Base URL to give the SDK in place of https://api.twilio.com. */
  url: string;
  /** The messages created (accepted), oldest first. */
  messages(): RecordedMessage[];
  requests(): RecordedRequest[];
  /** Webhooks posted so far, oldest first. */
  webhooks(): WebhookDelivery[];
  /** Posts a signed inbound SMS to the service, as Twilio does when a candidate texts our number. */
  sendInbound(input: InboundSmsInput): Promise<WebhookDelivery>;
  close(): Promise<void>;
}

/** Twilio's rule for "To": a plus sign, a country code that does not start with 0, at most 15 digits. */
const E164 = /^\+[1-9]\d{1,14}$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

/**
 * A local stand-in for Twilio's Messages API, close enough that the real `twilio` SDK talks to it
 * unchanged: same path, form-encoded body, basic auth with the account SID and auth token, and the
 * same JSON shapes for the message resource and for errors. It creates messages and then, as
 * Twilio does, moves them to 'sent' and a final status, posting a signed status callback for each
 * step to the message's StatusCallback URL (a fetch of the message reads its status); `sendInbound`
 * posts a signed inbound SMS. `/__messages` lets tests and benchmarks read and clear what was "sent".
 */
export async function startTwilioFake(options: TwilioFakeOptions): Promise<TwilioFake> {
  const webhooks = new WebhookPoster(options.authToken);
  const callbacks = options.statusCallbacks === false ? null : (options.statusCallbacks ?? {});
  const recorded: Recorded = {
    messages: [],
    requests: [],
    onAccepted: (message) => {
      if (callbacks) {
        webhooks.scheduleStatusCallbacks(
          message,
          callbacks.delayMs ?? 20,
          (callbacks.finalStatus ?? defaultFinalStatus)(message.to),
        );
      }
    },
  };
  const server = createServer((req, res) => {
    route(req, res, options, recorded).catch((error: unknown) => {
      sendJson(res, 500, twilioError(500, 20500, `Internal error in twilio-fake: ${String(error)}`));
    });
  });
  await listen(server, options.port, options.host ?? '127.0.0.1');
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    messages: () => recorded.messages.map((message) => ({ ...message })),
    requests: () => recorded.requests.map((request) => ({ ...request })),
    webhooks: () => webhooks.deliveries.map((delivery) => ({ ...delivery, params: { ...delivery.params } })),
    sendInbound: (input) =>
      webhooks.post(
        input.url,
        {
          AccountSid: options.accountSid,
          ApiVersion: '2010-04-01',
          Body: input.body,
          From: input.from,
          MessageSid: `SM${randomBytes(16).toString('hex')}`,
          NumMedia: '0',
          SmsStatus: 'received',
          To: input.to,
        },
        input.signWith,
      ),
    close: async () => {
      webhooks.cancelPending();
      await close(server);
    },
  };
}

interface Recorded {
  messages: RecordedMessage[];
  requests: RecordedRequest[];
  onAccepted: (message: RecordedMessage) => void;
}

/** Posts webhooks the way Twilio does: form-encoded, signed with X-Twilio-Signature over URL and fields. */
class WebhookPoster {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly authToken: string) {}

  /**
   * 'sent' after `delayMs`, the final status after twice that, in order, as Twilio reports them.
   * The message moves on whether or not a callback reaches anyone, as on the real service.
   */
  scheduleStatusCallbacks(message: RecordedMessage, delayMs: number, final: FinalStatus): void {
    const url = message.statusCallback;
    const fields = (status: string, errorCode?: number): Record<string, string> => ({
      AccountSid: message.accountSid,
      ApiVersion: '2010-04-01',
      From: message.from,
      MessageSid: message.sid,
      MessageStatus: status,
      SmsSid: message.sid,
      SmsStatus: status,
      To: message.to,
      ...(errorCode === undefined ? {} : { ErrorCode: String(errorCode) }),
    });
    const errorCode = 'errorCode' in final ? final.errorCode : undefined;
    const moveTo = async (status: string, code?: number): Promise<void> => {
      message.status = status;
      message.errorCode = code ?? null;
      if (url) await this.post(url, fields(status, code));
    };
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      void moveTo('sent').then(() => {
        const next = setTimeout(() => {
          this.pending.delete(next);
          void moveTo(final.status, errorCode);
        }, delayMs);
        this.pending.add(next);
      });
    }, delayMs);
    this.pending.add(timer);
  }

  async post(url: string, params: Record<string, string>, signWith = this.authToken): Promise<WebhookDelivery> {
    const delivery: WebhookDelivery = { url, params, status: null };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(signWith, url, params),
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      delivery.status = response.status;
    } catch {
      // Twilio, too, just records a webhook it could not deliver; the status stays null.
    }
    this.deliveries.push(delivery);
    return delivery;
  }

  cancelPending(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: TwilioFakeOptions,
  recorded: Recorded,
): Promise<void> {
  const requestedAt = new Date().toISOString();
  const path = new URL(req.url ?? '/', 'http://fake').pathname;
  if (path === '/__messages' && req.method === 'GET') return sendJson(res, 200, recorded.messages);
  if (path === '/__messages' && req.method === 'DELETE') {
    recorded.messages.length = 0;
    recorded.requests.length = 0;
    return sendEmpty(res, 204);
  }
  const notFound = () => sendJson(res, 404, twilioError(404, 20404, `The requested resource ${path} was not found`));
  const one = MESSAGE_PATH.exec(path);
  const match = one ?? MESSAGES_PATH.exec(path);
  if (!match || req.method !== (one ? 'GET' : 'POST')) return notFound();
  const accountSid = decodeURIComponent(match[1] as string);
  if (!isAuthorized(req, accountSid, options)) {
    return sendJson(res, 401, twilioError(401, 20003, 'Authenticate'));
  }
  if (one) {
    const sid = decodeURIComponent(one[2] as string);
    const message = recorded.messages.find((m) => m.sid === sid && m.accountSid === accountSid);
    return message ? sendJson(res, 200, messageResource(message)) : notFound();
  }
  const form = new URLSearchParams(await readBody(req));
  const problem = validateMessage(form);
  recorded.requests.push({ to: form.get('To'), status: problem ? 400 : 201, errorCode: problem?.code ?? null });
  if (problem) return sendJson(res, 400, problem);

  const message: RecordedMessage = {
    sid: `SM${randomBytes(16).toString('hex')}`,
    accountSid,
    to: form.get('To') as string,
    from: form.get('From') as string,
    body: form.get('Body') as string,
    statusCallback: form.get('StatusCallback'),
    createdAt: new Date().toISOString(),
    requestedAt,
    status: 'queued',
    errorCode: null,
  };
  recorded.messages.push(message);
  sendJson(res, 201, messageResource(message));
  recorded.onAccepted(message);
}

/** The path's account must be the one the credentials belong to, as on the real API. */
function isAuthorized(req: IncomingMessage, accountSid: string, options: TwilioFakeOptions): boolean {
  const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  return accountSid === options.accountSid && req.headers.authorization === expected;
}

/** The checks Twilio makes before queueing, with its error codes, in the order it makes them. */
function validateMessage(form: URLSearchParams): TwilioErrorBody | null {
  const to = form.get('To');
  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!form.get('From')) return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required.");
  if (!form.get('Body')) return twilioError(400, 21602, 'Message body is required.');
  return null;
}

interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** The fields of Twilio's Message resource the SDK maps, with the message's current status. */
function messageResource(message: RecordedMessage): Record<string, unknown> {
  const created = new Date(message.createdAt).toUTCString().replace('GMT', '+0000');
  const uri = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: created,
    date_sent: null,
    date_updated: created,
    direction: 'outbound-api',
    error_code: message.errorCode,
    error_message: null,
    from: message.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status).end();
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Keep-alive sockets from the SDK would hold close() open; they carry no in-flight work here. */
function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
