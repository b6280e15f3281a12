import { join } from 'node:path';
import type { Pool } from 'pg';
import { startTwilioFake, type TwilioFake } from '@stepwise/twilio-fake';
import { providerErrorOf } from '@stepwise/channel-kit';
import { createPool, runMigrations } from '@stepwise/database';
import type { PlatformLifecycle } from '@stepwise/platform';
import { dropSchemas, ensureTestDatabase, uniqueName } from '@stepwise/testing';
import { IdentityHealthRecorder } from '@stepwise/channel-kit';
import { SmsSender } from '../src/sms/sms-sender';
import { createTwilioClient } from '../src/sms/twilio-client';
import { ACCOUNT_SID, AUTH_TOKEN } from './sms-support';

// Issue 15, defect 14: a Twilio login refusal pauses the SMS identity's recipients as auth loss,
// through identity.health as channel-email does, once per change; a later accepted send restores it.
const schema = uniqueName('channel_sms_health');
let fake: TwilioFake;
let pool: Pool;
let url: string;

beforeAll(async () => {
  fake = await startTwilioFake({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  url = await ensureTestDatabase();
  pool = createPool({ connectionString: url, applicationName: 'sms-identity-health-test', schema, max: 2 });
  await runMigrations(pool, { schema, migrationsDir: join(__dirname, '..', 'prisma', 'migrations') });
});
afterAll(async () => {
  await fake.close();
  await pool.end();
  await dropSchemas(url, [schema]);
});

const nudges: string[] = [];
const lifecycle = { nudgeOutbox: () => nudges.push('nudge') } as unknown as PlatformLifecycle;
const senderWith = (authToken: string, recorder: IdentityHealthRecorder) =>
  new SmsSender(
    createTwilioClient({ accountSid: ACCOUNT_SID, authToken, baseUrl: fake.url, timeoutMs: 5_000 }),
    'http://127.0.0.1:9/webhooks/twilio/status',
    recorder,
  );
const request = {
  from: '+15005550006',
  to: '+14155550100',
  body: 'Hi',
  sender: { identityId: 'idn_sms', tenantId: 'acme' },
};

async function published(): Promise<{ state: string; identityId: string; channel: string }[]> {
  const { rows } = await pool.query<{
    envelope: { type: string; payload: { state: string; identityId: string; channel: string } };
  }>(`SELECT envelope FROM outbox WHERE topic = 'stepwise.channel.identity-health.v1' ORDER BY id`);
  return rows.map((r) => r.envelope.payload);
}

test('a refused Twilio login is announced as auth_lost once, and an accepted send restores the identity', async () => {
  const recorder = new IdentityHealthRecorder(pool, lifecycle);
  const refusing = senderWith('wrong-token', recorder);
  expect((await providerErrorOf(refusing.send(request))).failure?.type).toBe('auth');
  await providerErrorOf(refusing.send(request));
  expect(await published()).toEqual([
    expect.objectContaining({ identityId: 'idn_sms', channel: 'sms', state: 'auth_lost' }),
  ]);

  // A fresh instance learns the loss from the table, so its first accepted send restores.
  const healthy = senderWith(AUTH_TOKEN, new IdentityHealthRecorder(pool, lifecycle));
  expect((await healthy.send(request)).outcome).toBe('sent');
  await healthy.send(request);
  expect((await published()).map((p) => p.state)).toEqual(['auth_lost', 'auth_restored']);
});
