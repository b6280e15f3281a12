import type { IdentityConnectionBody, MailLoginBody, SealedConnection, SealedMailLogin } from '@stepwise/contracts';
import type { SecretBox } from '@stepwise/platform';

function sealLogin(login: MailLoginBody, box: SecretBox): SealedMailLogin {
  if (login.type === 'password') return { ...login, password: box.seal(login.password) };
  return { ...login, clientSecret: box.seal(login.clientSecret), refreshToken: box.seal(login.refreshToken) };
}

/** The connection as stored and published: every secret sealed; IMAP logs in as SMTP does unless told otherwise. */
export function sealConnection(body: IdentityConnectionBody, box: SecretBox): SealedConnection {
  const smtpAuth = sealLogin(body.smtp.auth, box);
  return {
    smtp: { ...body.smtp, auth: smtpAuth },
    ...(body.imap ? { imap: { ...body.imap, auth: body.imap.auth ? sealLogin(body.imap.auth, box) : smtpAuth } } : {}),
  };
}
