import { Injectable } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import type { ConnectionCheck, SealedMailLogin } from '@stepwise/contracts';
import { RecordLogin } from '../identity-health/record-login';
import type { StoredConnection } from './identity-connection.repository';
import { IdentityConnections } from './identity-connections';
import { connectionProblem, type LoginError } from './connection-problem';

const TIMEOUT_MS = 10_000;

export interface VerificationResult {
  smtp: ConnectionCheck;
  imap?: ConnectionCheck;
}

/**
 * Logs in to the identity's SMTP and IMAP servers now and publishes what it found (identity
 * health with the verification): a success restores a lost login, a refusal pauses the
 * identity's recipients, exactly as the same outcome during a send or a sync would.
 */
@Injectable()
export class VerifyConnectionUseCase {
  constructor(
    private readonly connections: IdentityConnections,
    private readonly recordLogin: RecordLogin,
  ) {}

  async execute(stored: StoredConnection, verificationId: string): Promise<VerificationResult> {
    const result = this.connections.canOpenSecrets
      ? {
          smtp: await this.checkSmtp(stored),
          ...(stored.connection.imap ? { imap: await this.checkImap(stored) } : {}),
        }
      : {
          smtp: {
            ok: false,
            problem:
              'channel-email cannot open connection secrets: IDENTITY_SECRET_KEYS is not set there. Ask your operator.',
          },
        };
    const ok = result.smtp.ok && (result.imap?.ok ?? true);
    const problems = [result.smtp.problem, result.imap?.problem].filter(Boolean).join(' ');
    await this.recordLogin.execute(
      { identityId: stored.identityId, tenantId: stored.tenantId, state: ok ? 'auth_restored' : 'auth_lost' },
      { verification: { id: verificationId, ...result }, ...(ok ? {} : { reason: problems }) },
    );
    return result;
  }

  private async checkSmtp(stored: StoredConnection): Promise<ConnectionCheck> {
    const smtp = await this.connections.smtp(stored.identityId);
    const { host, port, auth } = stored.connection.smtp;
    if (!smtp) return { ok: false, problem: 'The identity has no SMTP connection.' };
    const transport = createTransport({
      ...smtp.endpoint,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    try {
      await transport.verify();
      return { ok: true };
    } catch (error) {
      return { ok: false, problem: connectionProblem(error as LoginError, target('SMTP', host, port, auth)) };
    } finally {
      transport.close();
    }
  }

  private async checkImap(stored: StoredConnection): Promise<ConnectionCheck> {
    const imap = this.connections.imap(stored);
    const sealed = stored.connection.imap;
    if (!imap || !sealed) return { ok: false, problem: 'The identity has no IMAP connection.' };
    const where = target('IMAP', sealed.host, sealed.port, sealed.auth);
    let client: ImapFlow | undefined;
    try {
      client = new ImapFlow({
        host: imap.host,
        port: imap.port,
        secure: imap.secure,
        doSTARTTLS: imap.doSTARTTLS,
        auth: await imap.auth(),
        logger: false,
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
      });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await client.mailboxOpen(imap.mailbox, { readOnly: true });
      } catch {
        return { ok: false, problem: connectionProblem({ code: 'NoMailbox' }, where) };
      }
      return { ok: true };
    } catch (error) {
      return { ok: false, problem: connectionProblem(error as LoginError, where) };
    } finally {
      await client?.logout().catch(() => client?.close());
    }
  }
}

function target(protocol: 'SMTP' | 'IMAP', host: string, port: number, auth: SealedMailLogin) {
  return { protocol, host, port, username: auth.username, oauth2: auth.type === 'oauth2' };
}
