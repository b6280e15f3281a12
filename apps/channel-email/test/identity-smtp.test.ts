import { SmtpSender } from '../src/email/smtp/smtp-sender';
import type { OutgoingEmail, SmtpEndpoint } from '../src/email/smtp/identity-transport';
import { startAuthSmtp, type AuthSmtp } from '@stepwise/testing';

let rita: AuthSmtp;
let sam: AuthSmtp;
const senders: SmtpSender[] = [];

beforeAll(async () => {
  rita = await startAuthSmtp({ 'rita@acme.example': 'rita-pass' });
  sam = await startAuthSmtp({ 'sam@other.example': 'sam-pass' });
});

afterAll(async () => {
  for (const sender of senders) sender.close();
  await rita.close();
  await sam.close();
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
