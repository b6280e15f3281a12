import { createEnvelope, stepDueSchema } from '@stepwise/contracts';
import type { InvitationStatus, MessageResult, SocialProvider } from './social-provider';
import { SocialSender, type SocialStepDue } from './social-sender';

type SocialStepType = 'linkedin_connection_request' | 'linkedin_message';

const DAY_MS = 24 * 3_600_000;

function socialDue(
  stepType: SocialStepType,
  body: string,
  variables: Record<string, string> = {},
  waitForConnection?: boolean,
  waitForConnectionDays?: number,
): SocialStepDue {
  return createEnvelope(stepDueSchema, {
    tenantId: 'acme',
    key: 'enr_1',
    payload: {
      step: { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'step_1', attempt: 1 },
      delivery: {
        channel: 'social',
        stepType,
        sender: { identityId: 'id_1', address: 'acct_1' },
        to: 'https://www.linkedin.com/in/ada',
        variables,
        body,
        waitForConnection,
        waitForConnectionDays,
      },
      timerId: 'enr_1',
      timerVersion: 1,
      dueAt: '2026-11-25T10:00:00.000Z',
      firedAt: '2026-11-25T10:00:00.000Z',
    },
  }) as SocialStepDue;
}

describe('SocialSender', () => {
  const provider = {
    sendInvitation: jest.fn(async (_input: Parameters<SocialProvider['sendInvitation']>[0]) => 'inv_1'),
    sendMessage: jest.fn(async (_input: Parameters<SocialProvider['sendMessage']>[0]): Promise<MessageResult> => ({
      sent: true,
      messageId: 'msg_1',
    })),
    invitationStatus: jest.fn(async (): Promise<InvitationStatus> => 'pending'),
  };
  const sender = new SocialSender(provider, { SOCIAL_CONNECTION_WAIT_MS: 14 * DAY_MS });

  it('prepares a connection request with the rendered note, from the sender account', () => {
    expect(
      sender.prepare(socialDue('linkedin_connection_request', 'Hi {{ firstName }}', { firstName: 'Ada' })),
    ).toEqual({
      ok: true,
      request: {
        kind: 'invitation',
        accountId: 'acct_1',
        profileUrl: 'https://www.linkedin.com/in/ada',
        note: 'Hi Ada',
        sender: { identityId: 'id_1', tenantId: 'acme' },
      },
    });
  });

  it('sends a connection request without a note when the text is empty', () => {
    expect(sender.prepare(socialDue('linkedin_connection_request', ''))).toMatchObject({
      ok: true,
      request: { kind: 'invitation', note: undefined },
    });
  });

  it('refuses a note over 300 characters once rendered, as content, with its length', () => {
    const template = `${'x'.repeat(280)}{{ title }}`; // 291 characters: only the rendered note is too long
    const due = socialDue('linkedin_connection_request', template, { title: 'Principal Software Engineer' });
    expect(sender.prepare(due)).toEqual({
      ok: false,
      failure: expect.objectContaining({ type: 'content', message: expect.stringContaining('307 characters') }),
    });
  });

  it('accepts a note of exactly 300 characters', () => {
    expect(sender.prepare(socialDue('linkedin_connection_request', 'x'.repeat(300)))).toMatchObject({ ok: true });
  });

  it('refuses an empty LinkedIn message', () => {
    expect(sender.prepare(socialDue('linkedin_message', '  '))).toMatchObject({
      ok: false,
      failure: { type: 'content' },
    });
  });

  it('fails as content, naming the variable, when one is missing', () => {
    expect(sender.prepare(socialDue('linkedin_message', 'Hi {{ firstName }}'))).toEqual({
      ok: false,
      failure: expect.objectContaining({ type: 'content', message: expect.stringContaining('"firstName"') }),
    });
  });

  it('reports a connection request as invited and a message as sent, with the provider ids', async () => {
    await expect(sender.send({ kind: 'invitation', accountId: 'a', profileUrl: 'p', note: 'n' })).resolves.toEqual({
      outcome: 'invited',
      providerMessageId: 'inv_1',
    });
    expect(provider.sendInvitation).toHaveBeenCalledWith({ accountId: 'a', profileUrl: 'p', note: 'n' });
    await expect(
      sender.send({ kind: 'message', accountId: 'a', profileUrl: 'p', text: 't', waitForConnection: true, waitMs: 1 }),
    ).resolves.toEqual({ outcome: 'sent', providerMessageId: 'msg_1' });
    expect(provider.sendMessage).toHaveBeenCalledWith({ accountId: 'a', profileUrl: 'p', text: 't' });
  });

  it('waits for the connection by default, and fails at once when the step says not to wait', async () => {
    expect(sender.prepare(socialDue('linkedin_message', 'Hi'))).toMatchObject({
      ok: true,
      request: { waitForConnection: true },
    });
    expect(sender.prepare(socialDue('linkedin_message', 'Hi', {}, false))).toMatchObject({
      ok: true,
      request: { waitForConnection: false },
    });
    provider.sendMessage.mockResolvedValue({ sent: false, reason: 'not_connected' });
    const message = { kind: 'message' as const, accountId: 'a', profileUrl: 'p', text: 't', waitMs: 5 * DAY_MS };
    await expect(sender.send({ ...message, waitForConnection: true })).resolves.toMatchObject({
      outcome: 'waiting',
      cause: { message: expect.stringContaining('not a LinkedIn connection') },
      waitMs: 5 * DAY_MS,
    });
    await expect(sender.send({ ...message, waitForConnection: false })).rejects.toMatchObject({
      kind: 'rejected',
      failure: { message: expect.stringContaining('not a LinkedIn connection') },
    });
  });

  it("waits for the step's configured number of days, or the channel's default", () => {
    expect(sender.prepare(socialDue('linkedin_message', 'Hi', {}, undefined, 3))).toMatchObject({
      request: { waitMs: 3 * DAY_MS },
    });
    expect(sender.prepare(socialDue('linkedin_message', 'Hi'))).toMatchObject({ request: { waitMs: 14 * DAY_MS } });
  });

  it('refuses a message over 8000 characters once rendered, with its length', () => {
    expect(
      sender.prepare(socialDue('linkedin_message', `${'x'.repeat(7990)}{{ role }}`, { role: 'Staff Engineer' })),
    ).toEqual({
      ok: false,
      failure: expect.objectContaining({ type: 'content', message: expect.stringContaining('8004 characters') }),
    });
    expect(sender.prepare(socialDue('linkedin_message', 'x'.repeat(8000)))).toMatchObject({ ok: true });
  });
});
