import { Client } from 'pg';
import { ServiceProcess, uniqueName, waitFor } from '@stepwise/testing';
import { MailboxSyncService } from '../src/mailbox-sync/mailbox-sync.service';
import { connectionRecord, publishConnections, SECRET_KEYS } from './identity-connection-support';
import {
  appendToInbox,
  createImapAccount,
  IMAP_PORT,
  replyMail,
  startAuthSmtp,
  type AuthSmtp,
  type ImapAccount,
} from '@stepwise/testing';
import { EmailServiceHarness, freePort, stepDue, uniqueEnrollment } from './support';

const LEASE_TTL_MS = 3_000;
const LEASE_RENEW_MS = 500;
const SYNC_ENV = {
  IDENTITY_SECRET_KEYS: SECRET_KEYS,
  MAILBOX_LEASE_TTL_MS: String(LEASE_TTL_MS),
  MAILBOX_LEASE_RENEW_MS: String(LEASE_RENEW_MS),
  // Longer than any wait below: new mail must arrive through IDLE, not the poll.
  MAILBOX_POLL_MS: '120000',
};
const service = new EmailServiceHarness(SYNC_ENV);
let smtp: AuthSmtp;
const smtpUsers: Record<string, string> = {};
let revision = 1;

beforeAll(async () => {
  smtp = await startAuthSmtp(smtpUsers);
  await service.start();
});
afterAll(async () => {
  await service.stop();
  await smtp.close();
});

interface Mailbox {
  identityId: string;
  address: string;
  account: ImapAccount;
  sender: { identityId: string; address: string; displayName: string };
}

/** A sender identity connected to a fresh Dovecot account (its SMTP login accepted by the test server). */
async function connectMailbox(label: string): Promise<Mailbox> {
  const account = createImapAccount();
  const identityId = uniqueName(`idn_${label}`);
  const address = `${account.user}@recruiting.example`;
  await publishConnections(service, [
    connectionRecord({
      identityId,
      address,
      revision: revision++,
      smtp: { port: smtpPortFor(address), username: address, password: 'smtp-pass' },
      imap: { port: IMAP_PORT, username: account.user, password: account.password },
    }),
  ]);
  return { identityId, address, account, sender: { identityId, address, displayName: 'Rita' } };
}

function smtpPortFor(address: string): number {
  smtpUsers[address] = 'smtp-pass';
  return smtp.port;
}

async function sendFrom(
  mailbox: Mailbox,
  label: string,
  to: string,
): Promise<{ enrollmentId: string; messageId: string }> {
  const enrollmentId = uniqueEnrollment(label);
  await service.publishStepDue([stepDue({ enrollmentId, sender: mailbox.sender, to })]);
  const [outcome] = await service.waitForOutcome(enrollmentId, 'sent');
  return { enrollmentId, messageId: String(outcome.payload.providerMessageId) };
}

function replies(enrollmentId: string): number {
  return service.outcomesFor(enrollmentId).filter((o) => o.payload.outcome === 'replied').length;
}

test('replies read from the mailbox answer their sends (by Message-ID, then by address); a restart neither misses nor re-reads', async () => {
  const sync = service.get(MailboxSyncService);
  const mailbox = await connectMailbox('sync');
  await waitFor('the mailbox to be watched', () => sync.watching().includes(mailbox.identityId));

  const first = await sendFrom(mailbox, 'by_id', 'ann@candidate.example');
  const second = await sendFrom(mailbox, 'by_addr', 'bob@candidate.example');
  const third = await sendFrom(mailbox, 'after_restart', 'cem@candidate.example');

  await appendToInbox(
    mailbox.account,
    replyMail({ from: 'ann@candidate.example', to: mailbox.address, inReplyTo: first.messageId }),
  );
  await service.waitForOutcome(first.enrollmentId, 'replied');
  // A reply written as a new mail: no In-Reply-To, no References.
  await appendToInbox(
    mailbox.account,
    replyMail({ from: 'bob@candidate.example', to: mailbox.address, subject: 'Your email' }),
  );
  await service.waitForOutcome(second.enrollmentId, 'replied');

  await sync.onApplicationShutdown();
  expect(sync.watching()).toEqual([]);
  // Arrives while nothing watches the mailbox.
  await appendToInbox(
    mailbox.account,
    replyMail({ from: 'cem@candidate.example', to: mailbox.address, inReplyTo: third.messageId }),
  );
  sync.onApplicationBootstrap();
  await service.waitForOutcome(third.enrollmentId, 'replied');

  // Messages are read in UID order, so a re-read of the first two would have come before the third.
  expect([replies(first.enrollmentId), replies(second.enrollmentId), replies(third.enrollmentId)]).toEqual([1, 1, 1]);
}, 60_000);

test("a refused IMAP login pauses the identity's recipients (auth_lost); the next accepted one restores them", async () => {
  const account = createImapAccount();
  const identityId = uniqueName('idn_imap_lost');
  const record = (password: string) =>
    connectionRecord({
      identityId,
      address: `${account.user}@recruiting.example`,
      revision: revision++,
      smtp: { port: smtp.port, username: 'x', password: 'x' },
      imap: { port: IMAP_PORT, username: account.user, password },
    });
  const health = () =>
    service.identityHealth.messages
      .map((m) => m.envelope.payload as { identityId: string; state: string; reason?: string })
      .filter((p) => p.identityId === identityId);
  await publishConnections(service, [record('wrong-password')]);
  const lost = await waitFor('auth_lost from the mailbox login', () => health().find((p) => p.state === 'auth_lost'));
  expect(lost.reason).toContain('IMAP server 127.0.0.1');

  // The user fixes the password: the watcher restarts on the new revision and its login succeeds.
  await publishConnections(service, [record(account.password)]);
  await waitFor('auth_restored from the next mailbox login', () => health().find((p) => p.state === 'auth_restored'));
  expect(health().map((p) => p.state)).toEqual(['auth_lost', 'auth_restored']);
});

test("two instances share the mailboxes; a killed instance's mailboxes are taken over within the lease TTL", async () => {
  const mailboxes: Mailbox[] = [];
  for (let n = 0; n < 4; n++) mailboxes.push(await connectMailbox(`lease${n}`));
  const sends = await Promise.all(mailboxes.map((m, n) => sendFrom(m, `lease${n}`, `cand${n}@candidate.example`)));
  const a = service.get(MailboxSyncService);
  const ids = new Set(mailboxes.map((m) => m.identityId));

  const db = new Client({ connectionString: service.databaseUrl });
  await db.connect();
  const owners = async () => {
    const { rows } = await db.query<{ identity_id: string; owner: string }>(
      `SELECT identity_id, owner FROM "${service.schema}".mailbox_lease`,
    );
    return rows.filter((r) => ids.has(r.identity_id));
  };
  const b = new ServiceProcess({
    name: 'channel-email-mailbox-b',
    entry: 'apps/channel-email/src/main.ts',
    port: await freePort(),
    env: { ...SYNC_ENV, INBOUND_SMTP_PORT: '0', LOG_LEVEL: 'info' },
  });
  try {
    await b.start();
    // Six connected mailboxes in all (two from the tests above): a fair share is three each.
    const split = await waitFor(
      'the mailboxes to be spread over both instances',
      async () => {
        const rows = await owners();
        const mineA = rows.filter((r) => r.owner === a.instanceId).length;
        return rows.length === 4 && mineA > 0 && mineA < 4 ? rows : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const onB = split.filter((r) => r.owner !== a.instanceId).map((r) => r.identity_id);

    await b.kill();
    const killedAt = Date.now();
    await waitFor('A to watch every mailbox', () => [...ids].every((id) => a.watching().includes(id)), {
      timeoutMs: LEASE_TTL_MS + 10_000,
    });
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(LEASE_TTL_MS + 2 * LEASE_RENEW_MS + 1_000);

    // A reply in a mailbox B watched is read by A.
    const index = mailboxes.findIndex((m) => m.identityId === onB[0]);
    await appendToInbox(
      mailboxes[index].account,
      replyMail({
        from: `cand${index}@candidate.example`,
        to: mailboxes[index].address,
        inReplyTo: sends[index].messageId,
      }),
    );
    await service.waitForOutcome(sends[index].enrollmentId, 'replied');
    console.log(
      `mailbox takeover after SIGKILL: ${takeoverMs} ms (lease TTL ${LEASE_TTL_MS} ms, renew ${LEASE_RENEW_MS} ms)`,
    );
  } finally {
    await b.kill();
    await db.end();
  }
}, 90_000);
