/** What a failed login attempt looked like, from nodemailer or imapflow. */
export interface LoginError {
  code?: string;
  responseCode?: number;
  /** imapflow: the server said NO to LOGIN/AUTHENTICATE. */
  authenticationFailed?: boolean;
  message?: string;
}

export interface Target {
  protocol: 'SMTP' | 'IMAP';
  host: string;
  port: number;
  username: string;
  oauth2: boolean;
}

const NETWORK_CODES = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/;

/** nodemailer wraps socket errors as ESOCKET/ECONNECTION; the system error inside says more. */
function underlyingCode(error: LoginError): string {
  const inner = NETWORK_CODES.exec(error.message ?? '')?.[1];
  if (inner && (!error.code || error.code === 'ESOCKET' || error.code === 'ECONNECTION')) return inner;
  return error.code ?? '';
}

const TLS_HINT = 'use tls "implicit" for ports 465 (SMTP) and 993 (IMAP), "starttls" for 587 and 143';

/**
 * A failed login in words a recruiter can act on: what went wrong and what to change. Never
 * quotes the server's reply: it can echo the username or worse.
 */
export function connectionProblem(error: LoginError, target: Target): string {
  const where = `${target.protocol} server ${target.host}:${target.port}`;
  const code = underlyingCode(error);
  if (code === 'EOAUTH2')
    return `The OAuth2 provider refused the refresh token for ${target.username}. Connect the account again to grant access, then PATCH the identity's connection with the new refresh token.`;
  if (error.authenticationFailed || code === 'EAUTH' || error.responseCode === 535 || error.responseCode === 534)
    return target.oauth2
      ? `The ${where} refused the OAuth2 login of ${target.username}. Check that the account has ${target.protocol} enabled for OAuth apps, and reconnect it.`
      : `The ${where} refused the username or password of ${target.username}. Check the password (an app password when the account uses two-step verification) and PATCH the identity's connection.`;
  if (code === 'ENOAUTH' || error.responseCode === 530)
    return `The ${where} requires a login the connection does not give. Add a username and password (or OAuth2) to the connection.`;
  if (code === 'ENOTFOUND' || code === 'EDNS' || code === 'EAI_AGAIN')
    return `The server name ${target.host} does not exist. Check the ${target.protocol} host in the connection.`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return `The network cannot reach ${target.host}. Check the ${target.protocol} host; a firewall may block it.`;
  if (code === 'ECONNREFUSED')
    return `Nothing answers at ${target.host}:${target.port}. Check the ${target.protocol} port (${target.protocol === 'SMTP' ? '587 or 465' : '993 or 143'}).`;
  if (
    code === 'ETIMEDOUT' ||
    code === 'CONNECT_TIMEOUT' ||
    code === 'ETIMEOUT' ||
    /timed? ?out/i.test(error.message ?? '')
  )
    return `The ${where} did not answer in time. Check the host and port; a firewall may block outgoing connections to it.`;
  if (code === 'ETLS' || /tls|ssl|certificate|wrong version/i.test(error.message ?? ''))
    return `A secure connection to the ${where} failed. Check the tls setting: ${TLS_HINT}.`;
  if (code === 'NoMailbox')
    return `The ${where} has no mailbox of that name. Check imap.mailbox in the connection (INBOX for most accounts).`;
  return `Logging in to the ${where} failed (${code || 'no error code'}). Check the host, port and tls setting of the connection.`;
}
