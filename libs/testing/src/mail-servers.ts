import { appendFileSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';
import { uniqueName } from './names';

/** What an authenticating SMTP server received: who logged in, and the message. */
export interface AuthedMessage {
  user: string;
  from: string;
  to: string[];
  raw: string;
}

export interface AuthSmtp {
  port: number;
  messages: AuthedMessage[];
  /** Logins it refused, by username. */
  refused: string[];
  close(): Promise<void>;
}

/**
 * An SMTP server that requires a login (PLAIN/LOGIN over a plain socket, as a test stand-in for a
 * mailbox provider), or XOAUTH2 with one of `accessTokens` (user -> token).
 */
export async function startAuthSmtp(
  users: Record<string, string>,
  accessTokens: Record<string, string> = {},
): Promise<AuthSmtp> {
  const messages: AuthedMessage[] = [];
  const refused: string[] = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      if (auth.method === 'XOAUTH2' && accessTokens[user] !== undefined && accessTokens[user] === auth.accessToken)
        return callback(null, { user });
      if (auth.method !== 'XOAUTH2' && users[user] !== undefined && users[user] === auth.password)
        return callback(null, { user });
      refused.push(user);
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          user: String(session.user),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, messages, refused, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Accepts connections and never says a word, dropping each after `hangMs`: a mail server in trouble. */
export async function startSilentServer(hangMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    setTimeout(() => socket.destroy(), hangMs).unref();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const ROOT = join(__dirname, '..', '..', '..');
export const IMAP_PORT = Number(process.env.IMAP_PORT ?? 10143);
const USERS_FILE = process.env.IMAP_USERS_FILE ?? join(ROOT, '.local', 'imap', 'users');

export interface ImapAccount {
  user: string;
  password: string;
}

/**
 * A fresh account on the local Dovecot (scripts/imap.sh, started by the test script): a line in its
 * passwd-file, which Dovecot re-reads when it changes.
 */
export function createImapAccount(): ImapAccount {
  let users: string;
  try {
    users = readFileSync(USERS_FILE, 'utf8');
  } catch {
    throw new Error(`no Dovecot users file at ${USERS_FILE}: start the IMAP server with bash scripts/imap.sh start`);
  }
  const account = { user: uniqueName('mbx'), password: uniqueName('pw') };
  appendFileSync(
    USERS_FILE,
    `${users.endsWith('\n') || users === '' ? '' : '\n'}${account.user}:${account.password}\n`,
  );
  return account;
}

/** Delivers a message into the account's INBOX with IMAP APPEND, as the provider's MTA would. */
export async function appendToInbox(account: ImapAccount, raw: string): Promise<void> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: IMAP_PORT,
    secure: false,
    auth: { user: account.user, pass: account.password },
    logger: false,
  });
  await client.connect();
  try {
    await client.append('INBOX', raw);
  } finally {
    await client.logout();
  }
}

/** A reply as a candidate's mail client writes it. */
export function replyMail(input: {
  from: string;
  to: string;
  inReplyTo?: string;
  subject?: string;
  text?: string;
}): string {
  return [
    `From: Candidate <${input.from}>`,
    `To: ${input.to}`,
    `Subject: ${input.subject ?? 'Re: A role for you'}`,
    `Message-ID: <${uniqueName('reply')}@candidate.example>`,
    `Date: ${new Date().toUTCString()}`,
    ...(input.inReplyTo ? [`In-Reply-To: ${input.inReplyTo}`, `References: ${input.inReplyTo}`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    input.text ?? 'Sounds interesting, happy to talk on Thursday.',
    '',
  ].join('\r\n');
}
