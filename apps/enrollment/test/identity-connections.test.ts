import { randomBytes } from 'node:crypto';
import { closedPortUrl, createImapAccount, IMAP_PORT, startAuthSmtp, type AuthSmtp } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { createIdentity, launchSequence } from './support/launch-sequence';

const KEYS = `k1:${randomBytes(32).toString('base64')}`;
const port = async () => Number(new URL(await closedPortUrl()).port);

describe('sender identity connections: get, PATCH, verify, delete', () => {
  const harness = new EnrollmentHarness({ IDENTITY_SECRET_KEYS: KEYS, IDENTITY_VERIFY_WAIT_MS: '20000' });
  let smtp: AuthSmtp;
  beforeAll(async () => {
    smtp = await startAuthSmtp({ 'rita@acme.test': 'smtp-secret-1' });
    await harness.start(await port());
    await harness.startChannelEmail(await port(), { IDENTITY_SECRET_KEYS: KEYS, MAILBOX_SYNC_ENABLED: 'false' });
  }, 120_000);
  afterAll(async () => {
    await harness.stop();
    await smtp.close();
  });

  const connection = (imapUser: string, imapPassword: string) => ({
    smtp: {
      host: '127.0.0.1',
      port: smtp.port,
      tls: 'none',
      auth: { type: 'password', username: 'rita@acme.test', password: 'smtp-secret-1' },
    },
    imap: {
      host: '127.0.0.1',
      port: IMAP_PORT,
      tls: 'none',
      auth: { type: 'password', username: imapUser, password: imapPassword },
    },
  });

  it('stores a connection without ever returning its secrets, and verify logs in to both servers', async () => {
    const id = await createIdentity(harness);
    const mailbox = createImapAccount();
    const patched = await harness.api<Record<string, unknown>>('PATCH', `/v1/identities/${id}`, {
      connection: connection(mailbox.user, mailbox.password),
      dailyLimit: 80,
      workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00', holidays: ['2026-12-24'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      dailyLimit: 80,
      workingHours: { holidays: ['2026-12-24'] },
      connection: {
        revision: 1,
        smtp: { host: '127.0.0.1', auth: { type: 'password', username: 'rita@acme.test', password: 'set' } },
        imap: { auth: { username: mailbox.user, password: 'set' } },
      },
    });
    const shown = await harness.api('GET', `/v1/identities/${id}`);
    for (const body of [patched.body, shown.body, (await harness.api('GET', '/v1/identities')).body]) {
      expect(JSON.stringify(body)).not.toMatch(/smtp-secret-1|keyId|"data"/);
      expect(JSON.stringify(body)).not.toContain(mailbox.password);
    }

    const verified = await harness.api<Record<string, unknown>>('POST', `/v1/identities/${id}/verify`);
    expect(verified).toMatchObject({
      status: 200,
      body: { status: 'verified', result: { ok: true, smtp: { ok: true }, imap: { ok: true } } },
    });
    expect((await harness.api('GET', `/v1/identities/${id}`)).body).toMatchObject({ lastVerification: { ok: true } });
  }, 60_000);

  it('verify names what failed, in words a recruiter can act on', async () => {
    const id = await createIdentity(harness);
    const mailbox = createImapAccount();
    await harness.api('PATCH', `/v1/identities/${id}`, { connection: connection(mailbox.user, 'not-it') });
    const verified = await harness.api<{ result: Record<string, unknown> }>('POST', `/v1/identities/${id}/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body.result).toMatchObject({
      ok: false,
      smtp: { ok: true },
      imap: {
        ok: false,
        problem: expect.stringMatching(/refused the username or password .*PATCH the identity's connection/),
      },
    });
  }, 60_000);

  it('refuses bad input naming the field, and a connection on a non-email identity', async () => {
    const id = await createIdentity(harness);
    const bad = await harness.api<unknown>('PATCH', `/v1/identities/${id}`, {
      connection: {
        smtp: { host: 'x', port: 70000, tls: 'none', auth: { type: 'password', username: 'u', password: 'p' } },
      },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('connection.smtp.port');
    const sms = await harness.api<{ id: string }>('POST', '/v1/identities', {
      channel: 'sms',
      address: '+15550001111',
    });
    const refused = await harness.api('PATCH', `/v1/identities/${sms.body.id}`, { connection: connection('u', 'p') });
    expect(refused.status).toBe(400);
    expect((await harness.api('GET', '/v1/identities/idn_missing')).status).toBe(404);
  });

  it('delete is refused while a running sequence uses the identity, naming it; allowed once archived', async () => {
    const id = await createIdentity(harness);
    const sequenceId = await launchSequence(harness, [
      {
        kind: 'step',
        id: 'intro',
        type: 'automated_email',
        name: 'Intro',
        identityId: id,
        subject: 'Hi',
        body: 'Hello',
      },
    ]);
    const refused = await harness.api<{ message: string }>('DELETE', `/v1/identities/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(
      new RegExp(`used by running sequence\\(s\\) ".*" \\(${sequenceId}, active\\)`),
    );
    expect((await harness.api('POST', `/v1/sequences/${sequenceId}/archive`)).status).toBeLessThan(300);
    expect((await harness.api('DELETE', `/v1/identities/${id}`)).status).toBe(204);
    expect((await harness.api('GET', `/v1/identities/${id}`)).status).toBe(404);
  });
});
