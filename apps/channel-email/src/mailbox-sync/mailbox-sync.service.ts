import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '@stepwise/observability';
import { LOGGER, PeriodicJob, SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../config';
import { RecordLogin } from '../identity-health/record-login';
import {
  IdentityConnectionRepository,
  type StoredConnection,
} from '../identity-connection/identity-connection.repository';
import { IdentityConnections } from '../identity-connection/identity-connections';
import { MailboxCheckpointRepository } from './mailbox-checkpoint.repository';
import { MailboxLeaseRepository } from './mailbox-lease.repository';
import { MailboxWatcher, type WatcherDeps } from './mailbox-watcher';
import { RecordSyncedMail } from './record-synced-mail';

/**
 * Reply sync: every renew interval, renew this instance's mailbox leases (taking or giving back
 * its fair share), then watch exactly the leased mailboxes, one IMAP connection each. A watcher
 * is restarted when its identity's connection changes.
 */
@Injectable()
export class MailboxSyncService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly watchers = new Map<string, MailboxWatcher>();
  private job: PeriodicJob | undefined;
  private readonly deps: WatcherDeps;

  constructor(
    private readonly leases: MailboxLeaseRepository,
    private readonly connections: IdentityConnectionRepository,
    private readonly opener: IdentityConnections,
    checkpoints: MailboxCheckpointRepository,
    recordSynced: RecordSyncedMail,
    private readonly recordLogin: RecordLogin,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelEmailConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: MetricsRegistry,
  ) {
    const watchers = this.watchers;
    new Gauge({
      name: 'channel_email_mailboxes_watched',
      help: 'Mailboxes this instance holds the lease of and watches over IMAP',
      registers: [registry],
      collect() {
        this.set(watchers.size);
      },
    });
    const read = new Counter({
      name: 'channel_email_mailbox_messages_read_total',
      help: 'Messages read from watched mailboxes and handed to the inbound classifier',
      registers: [registry],
    });
    this.deps = {
      checkpoints,
      record: async (identity, raw, receivedAt) => {
        await recordSynced.execute(identity, raw, receivedAt);
        read.inc();
      },
      login: (identity, accepted, problem) => this.login(identity, accepted, problem),
      logger,
      pollMs: config.MAILBOX_POLL_MS,
    };
  }

  /** Identities whose mailboxes this instance watches now. */
  watching(): string[] {
    return [...this.watchers.keys()].sort();
  }

  onApplicationBootstrap(): void {
    if (!this.config.MAILBOX_SYNC_ENABLED || !this.opener.canOpenSecrets) return;
    this.job = new PeriodicJob(
      { name: 'mailbox-lease-tick', intervalMs: this.config.MAILBOX_LEASE_RENEW_MS, runAtStart: true },
      () => this.tick(),
      this.logger,
    );
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.job === undefined) return;
    await this.job.stop();
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
    this.watchers.clear();
    await this.leases.release(this.instanceId).catch(() => undefined);
  }

  /** One round: leases first, then watchers to match them. */
  async tick(): Promise<void> {
    const leased = await this.leases.tick(this.instanceId, this.config.MAILBOX_LEASE_TTL_MS);
    const stored = leased.length > 0 ? await this.connections.withMailbox(leased) : [];
    const wanted = new Map(stored.map((s) => [s.identityId, s]));
    for (const [identityId, watcher] of this.watchers) {
      const next = wanted.get(identityId);
      if (next && next.revision === watcher.identity.revision) continue;
      this.watchers.delete(identityId);
      await watcher.stop();
    }
    for (const [identityId, identity] of wanted) {
      if (this.watchers.has(identityId)) continue;
      const endpoint = this.opener.imap(identity);
      if (endpoint) this.watchers.set(identityId, new MailboxWatcher(identity, endpoint, this.deps));
    }
  }

  private async login(identity: StoredConnection, accepted: boolean, problem?: string): Promise<void> {
    const changed = await this.recordLogin.execute(
      { identityId: identity.identityId, tenantId: identity.tenantId, state: accepted ? 'auth_restored' : 'auth_lost' },
      problem ? { reason: problem } : {},
    );
    if (changed) this.logger.info({ identityId: identity.identityId, accepted }, 'mailbox login state changed');
  }
}
