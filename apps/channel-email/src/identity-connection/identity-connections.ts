import { Inject, Injectable } from '@nestjs/common';
import { SecretBox, SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../config';
import type { SmtpEndpoint } from '../email/smtp/identity-transport';
import { IdentityConnectionRepository, type StoredConnection } from './identity-connection.repository';
import { imapEndpointOf, smtpEndpointOf, type ImapEndpoint } from './opened-login';

/** A lookup is cached this long: a batch of a thousand sends asks once per identity, not a thousand times. */
const CACHE_MS = 2_000;

/** Identities' own connections, secrets opened on demand. */
@Injectable()
export class IdentityConnections {
  private readonly box: SecretBox | null;
  private readonly cache = new Map<string, { at: number; stored: Promise<StoredConnection | null> }>();

  constructor(
    private readonly repository: IdentityConnectionRepository,
    @Inject(SERVICE_CONFIG) config: ChannelEmailConfig,
  ) {
    this.box = config.IDENTITY_SECRET_KEYS ? new SecretBox(config.IDENTITY_SECRET_KEYS) : null;
  }

  get canOpenSecrets(): boolean {
    return this.box !== null;
  }

  /** The identity's own SMTP endpoint, or null: it has none (or this service cannot open its secrets). */
  async smtp(identityId: string): Promise<{ revision: string; endpoint: SmtpEndpoint } | null> {
    const stored = await this.stored(identityId);
    if (!stored || !this.box) return null;
    return { revision: String(stored.revision), endpoint: smtpEndpointOf(stored.connection, this.box) };
  }

  imap(stored: StoredConnection): ImapEndpoint | null {
    return this.box ? imapEndpointOf(stored.connection, this.box) : null;
  }

  /** Forget what was cached about these identities (their connection just changed). */
  forget(identityIds: readonly string[]): void {
    for (const id of identityIds) this.cache.delete(id);
  }

  private stored(identityId: string): Promise<StoredConnection | null> {
    const now = Date.now();
    const hit = this.cache.get(identityId);
    if (hit && now - hit.at < CACHE_MS) return hit.stored;
    const stored = this.repository.find(identityId);
    this.cache.set(identityId, { at: now, stored });
    stored.catch(() => this.cache.delete(identityId));
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value as string);
    return stored;
  }
}
