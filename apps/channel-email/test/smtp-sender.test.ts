import { startSmtpSink, type SmtpSink } from '@stepwise/smtp-sink';
import { SmtpSender } from '../src/email/smtp/smtp-sender';
import type { OutgoingEmail } from '../src/email/smtp/identity-transport';
import { freePort as closedPort } from './support';

const QUICK_RETRY = { attempts: 3, initialMs: 5, maxMs: 20 };
let sink: SmtpSink;
const senders: SmtpSender[] = [];

beforeAll(async () => {
  sink = await startSmtpSink({ smtpPort: 0, httpPort: 0 });
});

afterAll(async () => {
  for (const sender of senders) sender.close();
  await sink.close();
});

function sender(port: number): SmtpSender {
  const created = new SmtpSender({
    relay: { host: '127.0.0.1', port },
    maxInFlight: 100,
    idleCloseMs: 60_000,
    maxConnections: 2,
    maxMessagesPerConnection: 100,
    maxIdentities: 10,
    retry: QUICK_RETRY,
  });
  senders.push(created);
  return created;
}

function email(n: number, to = 'candidate@example.com'): OutgoingEmail {
  return {
    from: { address: 'rita@acme.example' },
    to,
    subject: 'Hello',
    text: 'Hi',
    messageId: `<e${n}.s.1@acme.example>`,
  };
}

test('an unreachable server is retried, then reported as provider_down', async () => {
  const result = await sender(await closedPort()).send('identity_1', email(1));
  expect(result).toMatchObject({ ok: false, failure: { type: 'provider_down' } });
});

test("a server that keeps failing opens the identity's breaker: later sends fail fast without a connection", async () => {
  const unreachable = sender(await closedPort());
  await Promise.all(Array.from({ length: 10 }, (_, n) => unreachable.send('identity_1', email(n))));

  expect(unreachable.breakerStates()).toEqual({ closed: 0, open: 1, half_open: 0 });
  const result = await unreachable.send('identity_1', email(99));
  expect(result).toMatchObject({
    ok: false,
    failure: { type: 'provider_down', message: expect.stringContaining('paused') },
  });
});

test("refused recipients do not open the breaker: they say nothing about the server's health", async () => {
  const healthy = sender(sink.smtpPort);
  const refused = await Promise.all(
    Array.from({ length: 20 }, (_, n) => healthy.send('identity_2', email(100 + n, `reject${n}@example.com`))),
  );

  expect(refused.every((r) => !r.ok && r.failure.type === 'invalid_address')).toBe(true);
  expect(healthy.breakerStates().open).toBe(0);
  expect(await healthy.send('identity_2', email(200))).toEqual({ ok: true });
  expect(sink.countForMessageId('<e200.s.1@acme.example>')).toBe(1);
});
