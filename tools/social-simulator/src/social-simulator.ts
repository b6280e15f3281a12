import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SocialSimulatorOptions {
  /** 0 picks a free port (tests); read the chosen one from `url`. */
  port: number;
  token: string;
  host?: string;
}

/** One authenticated API call, whatever its result, so tests can count what reached the provider. */
export interface RecordedRequest {
  kind: 'invitation' | 'message';
  accountId: string;
  profileUrl: string | null;
  /** The invitation note or the message text. */
  content: string | null;
  status: number;
  /** invitationId or messageId when the call succeeded. */
  id: string | null;
  at: string;
}

export interface SocialSimulator {
  url: string;
  /** Invitation ids the simulator handed out, with who they went to. */
  invitations(): { invitationId: string; accountId: string; profileUrl: string }[];
  requests(): RecordedRequest[];
  /** Same as POST /__accept: the profile accepted the account's invitation. */
  accept(accountId: string, profileUrl: string): void;
  close(): Promise<void>;
}

/** LinkedIn refuses connection notes longer than this; the simulator does too. */
export const INVITATION_NOTE_LIMIT = 300;
/** LinkedIn's limit for a message's text. */
export const MESSAGE_TEXT_LIMIT = 8000;

const INVITATIONS_PATH = /^\/v1\/accounts\/([^/]+)\/invitations$/;
const MESSAGES_PATH = /^\/v1\/accounts\/([^/]+)\/messages$/;
const INVITATION_PATH = /^\/v1\/accounts\/([^/]+)\/invitations\/([^/]+)$/;

/**
 * A local LinkedIn-automation provider: sends connection requests and messages on behalf of a
 * connected account. A message only goes through once the profile accepted the account's
 * invitation, which tests trigger with POST /__accept (or `accept`); GET of an invitation tells
 * whether it was accepted, which is how channel-social finds out. Bearer-token auth on the /v1
 * API; the /__ endpoints are for tests and need none.
 */
export async function startSocialSimulator(options: SocialSimulatorOptions): Promise<SocialSimulator> {
  const state: SimulatorState = { requests: [], accepted: new Set(), invitations: new Map() };
  const server = createServer((req, res) => {
    route(req, res, options, state).catch((error: unknown) => {
      sendJson(res, 500, { error: 'internal', message: String(error) });
    });
  });
  await listen(server, options.port, options.host ?? '127.0.0.1');
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    requests: () => state.requests.map((request) => ({ ...request })),
    invitations: () => [...state.invitations].map(([invitationId, invitation]) => ({ invitationId, ...invitation })),
    accept: (accountId, profileUrl) => state.accepted.add(connectionKey(accountId, profileUrl)),
    close: () => close(server),
  };
}

interface SimulatorState {
  requests: RecordedRequest[];
  accepted: Set<string>;
  invitations: Map<string, { accountId: string; profileUrl: string }>;
}

interface ApiResult {
  status: number;
  body: Record<string, unknown>;
  id: string | null;
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: SocialSimulatorOptions,
  state: SimulatorState,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://simulator').pathname;
  if (path === '/__requests' && req.method === 'GET') return sendJson(res, 200, state.requests);
  if (path === '/__accept' && req.method === 'POST') return acceptFromRequest(req, res, state);

  const invitation = INVITATIONS_PATH.exec(path);
  const message = MESSAGES_PATH.exec(path);
  const oneInvitation = INVITATION_PATH.exec(path);
  const match = invitation ?? message;
  const known = (match && req.method === 'POST') || (oneInvitation && req.method === 'GET');
  if (!known) return sendJson(res, 404, { error: 'not_found' });
  if (req.headers.authorization !== `Bearer ${options.token}`) {
    return sendJson(res, 401, { error: 'unauthorized', message: 'Missing or invalid bearer token' });
  }
  if (oneInvitation) {
    const [, accountId, invitationId] = oneInvitation.map((part) => decodeURIComponent(part));
    return sendInvitationStatus(res, state, accountId as string, invitationId as string);
  }
  if (!match) return;

  const accountId = decodeURIComponent(match[1] as string);
  const input = parseJsonObject(await readBody(req));
  const profileUrl = stringField(input, 'profileUrl');
  const content = stringField(input, invitation ? 'note' : 'text');
  const result = invitation
    ? invite(state, accountId, profileUrl, content)
    : sendMessage(state, accountId, profileUrl, content);
  state.requests.push({
    kind: invitation ? 'invitation' : 'message',
    accountId,
    profileUrl,
    content,
    status: result.status,
    id: result.id,
    at: new Date().toISOString(),
  });
  sendJson(res, result.status, result.body);
}

/** `status` is 'accepted' once the profile accepted any invitation from the account, as on LinkedIn. */
function sendInvitationStatus(
  res: ServerResponse,
  state: SimulatorState,
  accountId: string,
  invitationId: string,
): void {
  const invitation = state.invitations.get(invitationId);
  if (!invitation || invitation.accountId !== accountId) return sendJson(res, 404, { error: 'not_found' });
  const accepted = state.accepted.has(connectionKey(accountId, invitation.profileUrl));
  sendJson(res, 200, { invitationId, profileUrl: invitation.profileUrl, status: accepted ? 'accepted' : 'pending' });
}

function invite(state: SimulatorState, accountId: string, profileUrl: string | null, note: string | null): ApiResult {
  if (!profileUrl) return invalid('profileUrl is required');
  if (note && note.length > INVITATION_NOTE_LIMIT) {
    return {
      status: 400,
      body: { error: 'note_too_long', message: `note is limited to ${INVITATION_NOTE_LIMIT} characters` },
      id: null,
    };
  }
  const invitationId = `inv_${randomBytes(12).toString('hex')}`;
  state.invitations.set(invitationId, { accountId, profileUrl });
  return { status: 201, body: { invitationId }, id: invitationId };
}

function sendMessage(
  state: SimulatorState,
  accountId: string,
  profileUrl: string | null,
  text: string | null,
): ApiResult {
  if (!profileUrl) return invalid('profileUrl is required');
  if (!text) return invalid('text is required');
  if (text.length > MESSAGE_TEXT_LIMIT) {
    return {
      status: 400,
      body: { error: 'text_too_long', message: `text is limited to ${MESSAGE_TEXT_LIMIT} characters` },
      id: null,
    };
  }
  if (!state.accepted.has(connectionKey(accountId, profileUrl))) {
    return {
      status: 409,
      body: { error: 'not_connected', message: 'The profile has not accepted a connection from this account' },
      id: null,
    };
  }
  const messageId = `msg_${randomBytes(12).toString('hex')}`;
  return { status: 201, body: { messageId }, id: messageId };
}

async function acceptFromRequest(req: IncomingMessage, res: ServerResponse, state: SimulatorState): Promise<void> {
  const input = parseJsonObject(await readBody(req));
  const accountId = stringField(input, 'accountId');
  const profileUrl = stringField(input, 'profileUrl');
  if (!accountId || !profileUrl) return sendJson(res, 400, invalid('accountId and profileUrl are required').body);
  state.accepted.add(connectionKey(accountId, profileUrl));
  sendEmpty(res, 204);
}

function invalid(message: string): ApiResult {
  return { status: 400, body: { error: 'invalid_request', message }, id: null };
}

function connectionKey(accountId: string, profileUrl: string): string {
  return `${accountId}\n${profileUrl}`;
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringField(input: Record<string, unknown>, name: string): string | null {
  const value = input[name];
  return typeof value === 'string' ? value : null;
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

/** Keep-alive sockets from clients would hold close() open; they carry no in-flight work here. */
function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
