import { join } from 'node:path';
import type { Pool } from 'pg';
import { startSocialSimulator, type SocialSimulator } from '@stepwise/social-simulator';
import { providerErrorOf } from '@stepwise/channel-kit';
import { createPool, runMigrations } from '@stepwise/database';
import type { PlatformLifecycle } from '@stepwise/platform';
import { dropSchemas, ensureTestDatabase, uniqueName } from '@stepwise/testing';
import { IdentityHealthRecorder } from '@stepwise/channel-kit';
import { SimulatorSocialProvider } from '../src/social/simulator-social-provider';
import { SocialSender } from '../src/social/social-sender';
import { PROVIDER_TOKEN } from './social-support';

// Issue 15, defect 14: the LinkedIn provider refusing the credentials pauses the identity's
// recipients as auth loss (identity.health, once per change); a later accepted call restores it.
const schema = uniqueName('channel_social_health');
let simulator: SocialSimulator;
let pool: Pool;
let url: string;

beforeAll(async () => {
  simulator = await startSocialSimulator({ port: 0, token: PROVIDER_TOKEN });
  url = await ensureTestDatabase();
  pool = createPool({ connectionString: url, applicationName: 'social-identity-health-test', schema, max: 2 });
  await runMigrations(pool, { schema, migrationsDir: join(__dirname, '..', 'prisma', 'migrations') });
});
afterAll(async () => {
  await simulator.close();
  await pool.end();
  await dropSchemas(url, [schema]);
});

const lifecycle = { nudgeOutbox: () => undefined } as unknown as PlatformLifecycle;
const senderWith = (token: string) =>
  new SocialSender(
    new SimulatorSocialProvider({ baseUrl: simulator.url, token, timeoutMs: 5_000 }),
    { SOCIAL_CONNECTION_WAIT_MS: 60_000 },
    new IdentityHealthRecorder(pool, lifecycle),
  );
const invitation = {
  kind: 'invitation' as const,
  accountId: 'acct_a',
  profileUrl: 'https://www.linkedin.com/in/ada',
  sender: { identityId: 'idn_li', tenantId: 'acme' },
};

async function states(): Promise<string[]> {
  const { rows } = await pool.query<{ envelope: { payload: { state: string; channel: string } } }>(
    `SELECT envelope FROM outbox WHERE topic = 'stepwise.channel.identity-health.v1' ORDER BY id`,
  );
  return rows.map((r) => `${r.envelope.payload.channel}:${r.envelope.payload.state}`);
}

test('refused credentials are announced as auth_lost once; an accepted call restores the identity', async () => {
  const refusing = senderWith('wrong-token');
  expect((await providerErrorOf(refusing.send(invitation))).failure?.type).toBe('auth');
  await providerErrorOf(refusing.send(invitation));
  expect(await states()).toEqual(['social:auth_lost']);

  const healthy = senderWith(PROVIDER_TOKEN);
  expect((await healthy.send(invitation)).outcome).toBe('invited');
  expect(await states()).toEqual(['social:auth_lost', 'social:auth_restored']);
});
