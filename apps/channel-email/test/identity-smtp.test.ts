import { createServer, type Server } from 'node:http';
import { SmtpSender } from '../src/email/smtp/smtp-sender';
import type { OutgoingEmail, SmtpEndpoint } from '../src/email/smtp/identity-transport';
import { startAuthSmtp, type AuthSmtp } from '@stepwise/testing';

let rita: AuthSmtp;
let sam: AuthSmtp;
let tokenEndpoint: Server;
let tokenUrl: string;
const tokenRequests: string[] = [];
const senders: SmtpSender[] = [];

beforeAll(async () => {
  rita = await startAuthSmtp({ 'rita@acme.example': 'rita-pass' }, { 'ola@workspace.example': 'access-1' });
  sam = await startAuthSmtp({ 'sam@other.example': 'sam-pass' });
  // An OAuth2 token endpoint: a refresh token it granted buys an access token, any other is refused.
  tokenEndpoint = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      tokenRequests.push(form.get('grant_type') ?? '');
      const granted = form.get('refresh_token') === 'refresh-1' && form.get('client_secret') === 'client-secret';
      response.writeHead(granted ? 200 : 400, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(granted ? { access_token: 'access-1', expires_in: 3600 } : { error: 'invalid_grant' }),
      );
    });
  });
  await new Promise<void>((resolve) => tokenEndpoint.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(tokenEndpoint.address() as { port: number }).port}/token`;
});

afterAll(async () => {
  for (const sender of senders) sender.close();
  await rita.close();
  await sam.close();
  await new Promise((resolve) => tokenEndpoint.close(resolve));
});

function email(n: number, from: string): OutgoingEmail {
  return { from: { address: from }, to: 'candidate@example.com', subject: 'Hi', text: 'Hi', messageId: `<m${n}@x>` };
}

function senderWith(endpoints: Record<string, SmtpEndpoint>, idleCloseMs = 60_000): SmtpSender {
  const sender = new SmtpSender(
    {
      relay: { host: '127.0.0.1', port: 1 },
      maxConnections: 2,
      maxMessagesPerConnection: 100,
      maxIdentities: 10,
      maxInFlight: 10,
      idleCloseMs,
      retry: { attempts: 1, initialMs: 5, maxMs: 5 },
    },
    async (identityId) => (endpoints[identityId] ? { revision: '1', endpoint: endpoints[identityId] } : null),
  );
  senders.push(sender);
  return sender;
}

const login = (server: AuthSmtp, user: string, pass: string): SmtpEndpoint => ({
  host: '127.0.0.1',
  port: server.port,
  ignoreTLS: true,
  auth: { type: 'login', user, pass },
});

test('each identity sends through its own server with its own login', async () => {
  const sender = senderWith({
    rita: login(rita, 'rita@acme.example', 'rita-pass'),
    sam: login(sam, 'sam@other.example', 'sam-pass'),
  });
  expect(await sender.send('rita', email(1, 'rita@acme.example'))).toEqual({ ok: true });
  expect(await sender.send('sam', email(2, 'sam@other.example'))).toEqual({ ok: true });
  expect(rita.messages.map((m) => m.user)).toEqual(['rita@acme.example']);
  expect(sam.messages.map((m) => [m.user, m.from])).toEqual([['sam@other.example', 'sam@other.example']]);
});

test('a refused password is a lost login, not a failure of the email', async () => {
  const sender = senderWith({ rita: login(rita, 'rita@acme.example', 'old-pass') });
  const result = await sender.send('rita', email(3, 'rita@acme.example'));
  expect(result).toMatchObject({ ok: false, failure: { type: 'auth', loginRefused: true } });
  expect(rita.refused).toContain('rita@acme.example');
});

test('an idle transport is closed, and the next send opens a new one', async () => {
  const sender = senderWith({ sam: login(sam, 'sam@other.example', 'sam-pass') }, 200);
  await sender.send('sam', email(4, 'sam@other.example'));
  expect(sender.openTransports()).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(sender.openTransports()).toBe(0);
  expect(await sender.send('sam', email(5, 'sam@other.example'))).toEqual({ ok: true });
});

test('an OAuth2 identity logs in with XOAUTH2, its access token bought with its refresh token', async () => {
  const oauth = (refreshToken: string): SmtpEndpoint => ({
    host: '127.0.0.1',
    port: rita.port,
    ignoreTLS: true,
    auth: {
      type: 'OAuth2',
      user: 'ola@workspace.example',
      clientId: 'client-id',
      clientSecret: 'client-secret',
      refreshToken,
      accessUrl: tokenUrl,
    },
  });
  const sender = senderWith({ ola: oauth('refresh-1'), revoked: oauth('revoked-token') });
  expect(await sender.send('ola', email(6, 'ola@workspace.example'))).toEqual({ ok: true });
  expect(rita.messages.at(-1)?.user).toBe('ola@workspace.example');
  expect(tokenRequests).toContain('refresh_token');

  const revoked = await sender.send('revoked', email(7, 'ola@workspace.example'));
  expect(revoked).toMatchObject({ ok: false, failure: { type: 'auth', loginRefused: true } });
});
