import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow, type FetchMessageObject } from 'imapflow';
import type { Logger } from 'pino';
import type { StoredConnection } from '../identity-connection/identity-connection.repository';
import { connectionProblem, type LoginError } from '../identity-connection/connection-problem';
import type { ImapEndpoint } from '../identity-connection/opened-login';
import type { MailboxCheckpointRepository } from './mailbox-checkpoint.repository';

export interface WatcherDeps {
  checkpoints: MailboxCheckpointRepository;
  /** Records one message; resolves once it is safely recorded (the checkpoint moves after it). */
  record: (identity: StoredConnection, raw: Buffer, receivedAt: Date) => Promise<void>;
  /** A login was accepted or refused (with what to do about it). */
  login: (identity: StoredConnection, accepted: boolean, problem?: string) => Promise<void>;
  logger: Logger;
  pollMs: number;
}

const MAX_BACKOFF_MS = 60_000;
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * Watches one identity's mailbox: logs in, reads what arrived since the checkpoint, then waits
 * in IDLE (imapflow idles by itself once no command runs; without IDLE it falls back to NOOP)
 * until the server announces new mail or the poll interval passes. Reconnects with backoff.
 */
export class MailboxWatcher {
  private stopped = false;
  private client: ImapFlow | undefined;
  private wake: (() => void) | undefined;
  /** New mail was announced while a sync ran: the next pause ends at once. */
  private announced = false;
  private readonly loop: Promise<void>;

  constructor(
    readonly identity: StoredConnection,
    private readonly endpoint: ImapEndpoint,
    private readonly deps: WatcherDeps,
  ) {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    if (client) await client.logout().catch(() => client.close());
    await this.loop;
  }

  private async run(): Promise<void> {
    let backoff = 1_000;
    while (!this.stopped) {
      try {
        await this.session();
        backoff = 1_000;
      } catch (error) {
        if (this.stopped) break;
        this.deps.logger.warn(
          { identityId: this.identity.identityId, code: (error as LoginError).code },
          'mailbox sync session ended; reconnecting',
        );
        await this.pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  private async session(): Promise<void> {
    const client = new ImapFlow({
      host: this.endpoint.host,
      port: this.endpoint.port,
      secure: this.endpoint.secure,
      doSTARTTLS: this.endpoint.doSTARTTLS,
      auth: await this.endpoint.auth(),
      logger: false,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: CONNECT_TIMEOUT_MS,
    });
    this.client = client;
    client.on('error', () => undefined);
    client.on('exists', () => {
      this.announced = true;
      this.wake?.();
    });
    client.on('close', () => this.wake?.());
    try {
      try {
        await client.connect();
      } catch (error) {
        if ((error as LoginError).authenticationFailed) {
          const sealed = this.identity.connection.imap;
          const problem = connectionProblem(error as LoginError, {
            protocol: 'IMAP',
            host: this.endpoint.host,
            port: this.endpoint.port,
            username: sealed?.auth.username ?? '',
            oauth2: sealed?.auth.type === 'oauth2',
          });
          await this.deps.login(this.identity, false, problem);
        }
        throw error;
      }
      await this.deps.login(this.identity, true);
      await client.mailboxOpen(this.endpoint.mailbox);
      while (!this.stopped && client.usable) {
        await this.syncOnce(client);
        await this.pause(this.deps.pollMs);
      }
    } finally {
      this.client = undefined;
      client.close();
    }
  }

  /** Reads every message after the checkpoint, in UID order, moving the checkpoint after each. */
  private async syncOnce(client: ImapFlow): Promise<void> {
    this.announced = false;
    const mailbox = client.mailbox;
    if (!mailbox) return;
    const { identityId } = this.identity;
    const name = this.endpoint.mailbox;
    const checkpoint = await this.deps.checkpoints.find(identityId, name);
    let messages: FetchMessageObject[];
    let seenUpTo = 0;
    if (checkpoint && checkpoint.uidValidity === mailbox.uidValidity) {
      if (mailbox.exists === 0) return;
      // imapflow keeps the mailbox's uidNext from SELECT time only, so the range is always asked.
      messages = await this.fetch(client, `${checkpoint.lastUid + 1}:*`, checkpoint.lastUid, null);
    } else {
      // First sync, or the server renumbered the mailbox: UIDs mean nothing, arrival time decides.
      const since = checkpoint?.syncedAt ?? this.identity.createdAt;
      const uids = (await client.search({ since: startOfDay(since) }, { uid: true })) || [];
      messages = uids.length > 0 ? await this.fetch(client, uids.join(','), 0, since) : [];
      seenUpTo = Math.max(0, ...uids);
    }
    for (const message of messages) {
      if (this.stopped) return;
      if (message.source) await this.deps.record(this.identity, message.source, message.internalDate as Date);
      await this.deps.checkpoints.save(identityId, name, mailbox.uidValidity, message.uid);
    }
    // Whatever the date search found but skipped as older is behind the checkpoint too.
    if (!checkpoint || checkpoint.uidValidity !== mailbox.uidValidity)
      await this.deps.checkpoints.save(identityId, name, mailbox.uidValidity, seenUpTo);
  }

  private async fetch(
    client: ImapFlow,
    range: string,
    afterUid: number,
    since: Date | null,
  ): Promise<FetchMessageObject[]> {
    const found: FetchMessageObject[] = [];
    // Collected first: no other IMAP command may run while a FETCH streams.
    for await (const message of client.fetch(range, { uid: true, source: true, internalDate: true }, { uid: true })) {
      // "n:*" always returns the last message, even when its UID is below n.
      if (message.uid <= afterUid) continue;
      if (since && message.internalDate && new Date(message.internalDate) < since) continue;
      found.push(message);
    }
    return found.sort((a, b) => a.uid - b.uid);
  }

  private async pause(ms: number): Promise<void> {
    if (this.stopped) return;
    if (this.announced) {
      this.announced = false;
      return;
    }
    const controller = new AbortController();
    this.wake = () => controller.abort();
    await sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);
    this.wake = undefined;
  }
}

/** SEARCH SINCE has day granularity in the server's time zone: a day earlier, then filtered exactly. */
function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - 1));
}
