import XOAuth2 from 'nodemailer/lib/xoauth2';
import type { SealedConnection, SealedMailLogin } from '@stepwise/contracts';
import type { SecretBox } from '@stepwise/platform';
import type { SmtpAuth, SmtpEndpoint } from '../email/smtp/identity-transport';

/** The token endpoints of the providers that speak XOAUTH2. */
const TOKEN_URLS = {
  google: 'https://oauth2.googleapis.com/token',
  microsoft: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
} as const;

/** What imapflow needs to log in: a password, or an OAuth2 access token fetched just before. */
export type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

export interface ImapEndpoint {
  host: string;
  port: number;
  secure: boolean;
  /** STARTTLS required (imapflow's doSTARTTLS). */
  doSTARTTLS: boolean | undefined;
  mailbox: string;
  auth: () => Promise<ImapAuth>;
}

/** Secrets are opened here, in memory, when a transport is built; nothing opened is stored or logged. */
export function smtpEndpointOf(connection: SealedConnection, box: SecretBox): SmtpEndpoint {
  const { smtp } = connection;
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'implicit',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    auth: smtpAuthOf(smtp.auth, box),
  };
}

function smtpAuthOf(login: SealedMailLogin, box: SecretBox): SmtpAuth {
  if (login.type === 'password') return { type: 'login', user: login.username, pass: box.open(login.password) };
  return {
    type: 'OAuth2',
    user: login.username,
    clientId: login.clientId,
    clientSecret: box.open(login.clientSecret),
    refreshToken: box.open(login.refreshToken),
    accessUrl: login.tokenUrl ?? TOKEN_URLS[login.provider],
  };
}

export function imapEndpointOf(connection: SealedConnection, box: SecretBox): ImapEndpoint | null {
  const { imap } = connection;
  if (!imap) return null;
  const login = imap.auth;
  return {
    host: imap.host,
    port: imap.port,
    secure: imap.tls === 'implicit',
    doSTARTTLS: imap.tls === 'starttls' ? true : imap.tls === 'none' ? false : undefined,
    mailbox: imap.mailbox,
    auth: async () => {
      if (login.type === 'password') return { user: login.username, pass: box.open(login.password) };
      const auth = smtpAuthOf(login, box) as Extract<SmtpAuth, { type: 'OAuth2' }>;
      return { user: login.username, accessToken: await accessToken(auth) };
    },
  };
}

function accessToken(auth: Extract<SmtpAuth, { type: 'OAuth2' }>): Promise<string> {
  const oauth = new XOAuth2({
    user: auth.user,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    refreshToken: auth.refreshToken,
    accessUrl: auth.accessUrl,
  });
  return new Promise((resolve, reject) =>
    oauth.getToken(false, (error, token) =>
      error || !token ? reject(error ?? new Error('no token')) : resolve(token),
    ),
  );
}
