import { startSocialSimulator, type SocialSimulator } from '@stepwise/social-simulator';
import { SimulatorSocialProvider } from '../src/social/simulator-social-provider';
import { providerErrorOf } from '@stepwise/channel-kit';
import { PROVIDER_TOKEN } from './social-support';

let simulator: SocialSimulator;

beforeAll(async () => {
  simulator = await startSocialSimulator({ port: 0, token: PROVIDER_TOKEN });
});
afterAll(() => simulator.close());

const provider = (token = PROVIDER_TOKEN) =>
  new SimulatorSocialProvider({ baseUrl: simulator.url, token, timeoutMs: 5_000 });
const target = { accountId: 'acct_a', profileUrl: 'https://www.linkedin.com/in/ada' };

test('an invitation returns the provider id, as the simulator recorded it', async () => {
  const id = await provider().sendInvitation({ ...target, note: 'Hi Ada' });

  expect(simulator.requests().find((r) => r.id === id)).toMatchObject({
    kind: 'invitation',
    ...target,
    content: 'Hi Ada',
  });
});

test('a message before the profile accepted is answered not_connected; after accepting it goes through', async () => {
  const profileUrl = 'https://www.linkedin.com/in/grace';
  await expect(provider().sendMessage({ accountId: 'acct_a', profileUrl, text: 'Hello' })).resolves.toEqual({
    sent: false,
    reason: 'not_connected',
  });

  await fetch(`${simulator.url}/__accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: 'acct_a', profileUrl }),
  });
  await expect(provider().sendMessage({ accountId: 'acct_a', profileUrl, text: 'Hello' })).resolves.toEqual({
    sent: true,
    messageId: expect.stringMatching(/^msg_/),
  });
});

test("an invitation's status is pending until the profile accepts, then accepted", async () => {
  const profileUrl = 'https://www.linkedin.com/in/barbara';
  const invitationId = await provider().sendInvitation({ accountId: 'acct_a', profileUrl });
  await expect(provider().invitationStatus({ accountId: 'acct_a', invitationId })).resolves.toBe('pending');

  simulator.accept('acct_a', profileUrl);

  await expect(provider().invitationStatus({ accountId: 'acct_a', invitationId })).resolves.toBe('accepted');
});

test('a message over 8000 characters that reaches the provider is a rejection as content', async () => {
  const profileUrl = 'https://www.linkedin.com/in/ada';
  simulator.accept('acct_a', profileUrl);
  const error = await providerErrorOf(
    provider().sendMessage({ accountId: 'acct_a', profileUrl, text: 'x'.repeat(8001) }),
  );

  expect(error.failure).toMatchObject({ type: 'content', message: expect.stringContaining('8000') });
});

test('a note the provider finds too long is a rejection as content', async () => {
  const error = await providerErrorOf(provider().sendInvitation({ ...target, note: 'x'.repeat(301) }));

  expect(error.failure?.type).toBe('content');
});

test('a wrong token is a rejection as auth, not a retry', async () => {
  const error = await providerErrorOf(provider('wrong').sendInvitation(target));

  expect(error.kind).toBe('rejected');
  expect(error.failure?.type).toBe('auth');
});
