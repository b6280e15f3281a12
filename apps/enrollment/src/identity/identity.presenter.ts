import { sealedConnectionSchema, type SealedMailLogin } from '@stepwise/contracts';
import type { SenderIdentity } from '../generated/prisma/client';

/** A login as the API shows it: who logs in and how, never a secret (not even sealed). */
function loginView(login: SealedMailLogin) {
  return login.type === 'password'
    ? { type: login.type, username: login.username, password: 'set' as const }
    : {
        type: login.type,
        provider: login.provider,
        username: login.username,
        clientId: login.clientId,
        ...(login.tokenUrl ? { tokenUrl: login.tokenUrl } : {}),
        clientSecret: 'set' as const,
        refreshToken: 'set' as const,
      };
}

export type IdentityView = ReturnType<typeof identityView>;

export function identityView(identity: SenderIdentity) {
  const { connection, connectionRevision, lastVerification, ...rest } = identity;
  const parsed = connection ? sealedConnectionSchema.parse(connection) : null;
  return {
    ...rest,
    connection: parsed
      ? {
          revision: connectionRevision,
          smtp: { ...parsed.smtp, auth: loginView(parsed.smtp.auth) },
          ...(parsed.imap ? { imap: { ...parsed.imap, auth: loginView(parsed.imap.auth) } } : {}),
        }
      : null,
    lastVerification: lastVerification ?? null,
  };
}
