import type { IdentityHealth } from '@stepwise/contracts';
import { uniqueName, waitFor } from '@stepwise/testing';
import { connectionRecord, publishConnections, SECRET_KEYS } from './identity-connection-support';
import { createImapAccount, IMAP_PORT, startAuthSmtp, startSilentServer, type AuthSmtp } from '@stepwise/testing';
import { EmailServiceHarness, freePort, stepDue, uniqueEnrollment } from './support';

// Two pooled connections per identity, four sends in flight in all: small enough that a hung
// identity could take every shared slot if it were allowed to.
const service = new EmailServiceHarness({
  IDENTITY_SECRET_KEYS: SECRET_KEYS,
  SMTP_MAX_CONNECTIONS: '2',
  SMTP_SEND_CONCURRENCY: '4',
  MAILBOX_SYNC_ENABLED: 'false',
});
let own: AuthSmtp;

beforeAll(async () => {
  own = await startAuthSmtp({ 'rita@own.example': 'right-pass', 'fine@own.example': 'fine-pass' });
  await service.start();
});
afterAll(async () => {
  await service.stop();
  await own.close();
});

function healthOf(identityId: string): IdentityHealth['payload'][] {
  return service.identityHealth.messages
    .map((m) => (m.envelope as IdentityHealth).payload)
    .filter((p) => p.identityId === identityId);
}

test('an identity sends with its own login; a refused one pauses it, a verify with the right password restores it', async () => {
  const identityId = uniqueName('idn_own');
  const sender = { identityId, address: 'rita@own.example', displayName: 'Rita' };
  const smtp = { port: own.port, username: 'rita@own.example' };
  await publishConnections(service, [
    connectionRecord({ identityId, address: sender.address, revision: 1, smtp: { ...smtp, password: 'stale-pass' } }),
  ]);
  // The connection is consumed on its own topic: the first send may still go through the relay.
  const lost = uniqueEnrollment('own_lost');
  await waitFor('the connection to be used', async () => {
    await service.publishStepDue([stepDue({ enrollmentId: lost, stepId: uniqueName('s'), sender })]);
    return own.refused.includes('rita@own.example');
  });
  await waitFor('auth_lost', () => healthOf(identityId).find((h) => h.state === 'auth_lost'));

  const verificationId = uniqueName('ver');
  await publishConnections(service, [
    connectionRecord({
      identityId,
      address: sender.address,
      revision: 2,
      smtp: { ...smtp, password: 'right-pass' },
      verificationId,
    }),
  ]);
  const verified = await waitFor('the verification', () => healthOf(identityId).find((h) => h.verification));
  expect(verified).toMatchObject({ state: 'auth_restored', verification: { id: verificationId, smtp: { ok: true } } });

  const sent = uniqueEnrollment('own_sent');
  await service.publishStepDue([stepDue({ enrollmentId: sent, sender })]);
  await service.waitForOutcome(sent, 'sent');
  const received = own.messages.find((m) => m.raw.includes(`<${sent}.step_1.1@own.example>`));
  expect(received?.user).toBe('rita@own.example');
  // Secrets travel sealed: nothing on the health topic quotes them.
  expect(JSON.stringify(service.identityHealth.messages)).not.toMatch(/right-pass|stale-pass/);
});

test('a verify says what failed, in words a recruiter can act on', async () => {
  const identityId = uniqueName('idn_broken');
  const mailbox = createImapAccount();
  const verificationId = uniqueName('ver');
  await publishConnections(service, [
    connectionRecord({
      identityId,
      address: 'broken@own.example',
      revision: 1,
      smtp: { port: await freePort(), username: 'broken@own.example', password: 'x' },
      imap: { port: IMAP_PORT, username: mailbox.user, password: 'not-the-password' },
      verificationId,
    }),
  ]);
  const verified = await waitFor('the verification', () => healthOf(identityId).find((h) => h.verification), {
    timeoutMs: 30_000,
  });
  expect(verified.state).toBe('auth_lost');
  expect(verified.verification?.smtp).toEqual({
    ok: false,
    problem: expect.stringMatching(/^Nothing answers at 127\.0\.0\.1:\d+\. Check the SMTP port/),
  });
  expect(verified.verification?.imap).toEqual({
    ok: false,
    problem: expect.stringContaining('refused the username or password'),
  });
});

test("one identity's hung server does not slow another identity's sends", async () => {
  const hung = await startSilentServer(1_500);
  try {
    const hungId = uniqueName('idn_hung');
    const fineId = uniqueName('idn_fine');
    await publishConnections(service, [
      connectionRecord({
        identityId: hungId,
        address: 'hung@hung.example',
        revision: 1,
        smtp: { port: hung.port, username: 'hung@hung.example', password: 'x' },
      }),
      connectionRecord({
        identityId: fineId,
        address: 'fine@own.example',
        revision: 1,
        smtp: { port: own.port, username: 'fine@own.example', password: 'fine-pass' },
      }),
    ]);
    // Both connections in place before the batch: the connections are consumed on their own topic,
    // so a probe may still go through the relay; probe until one reaches the identity's own server.
    const probe = uniqueEnrollment('probe');
    await waitFor('the fine identity to use its own server', async () => {
      await service.publishStepDue([
        stepDue({
          enrollmentId: probe,
          stepId: uniqueName('probe'),
          sender: { identityId: fineId, address: 'fine@own.example', displayName: 'F' },
        }),
      ]);
      return own.messages.some((m) => m.raw.includes(probe));
    });

    const enrollment = uniqueEnrollment('iso');
    const hungSends = Array.from({ length: 6 }, (_, n) =>
      stepDue({
        enrollmentId: enrollment,
        stepId: `hung_${n}`,
        sender: { identityId: hungId, address: 'hung@hung.example', displayName: 'H' },
      }),
    );
    const fineSends = Array.from({ length: 4 }, (_, n) =>
      stepDue({
        enrollmentId: enrollment,
        stepId: `fine_${n}`,
        sender: { identityId: fineId, address: 'fine@own.example', displayName: 'F' },
      }),
    );
    const started = Date.now();
    // One partition, one batch: the hung identity's sends come first.
    await service.publishStepDue([...hungSends, ...fineSends]);
    await waitFor(
      "the fine identity's four emails",
      () => own.messages.filter((m) => m.raw.includes(`<${enrollment}.fine_`)).length === 4,
    );
    const fineTookMs = Date.now() - started;
    // Each hung send holds its slot 1.5 s per try (3 tries): had they taken the shared slots, the
    // fine sends would have waited at least that long.
    expect(fineTookMs).toBeLessThan(1_400);
    // The hung identity's own sends still end, as failures of their own.
    await service.waitForOutcome(enrollment, 'failed', { stepId: 'hung_5' });
  } finally {
    await hung.close();
  }
}, 90_000);
