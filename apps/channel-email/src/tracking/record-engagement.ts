import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { PG_POOL, PlatformLifecycle, SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../config';
import { EmailSendRepository } from '../email/email-send.repository';
import { emailOutcome } from '../email/outcome-messages';
import { isMachineFetch, type Fetch } from './machine-fetch';
import type { TrackingClaim } from './tracking-token';

const OUTCOME_OF_KIND = { open: 'opened', click: 'clicked', unsubscribe: 'unsubscribed' } as const;

/**
 * Publishes what a recipient's mail client did with a verified tracking token. Every open and
 * click is published, repeats included (analytics counts distinct recipients); those that are
 * not a person's carry machineGenerated. An unsubscribe is a person's by construction: it takes a
 * POST, which proxies and scanners do not send.
 * Returns false when the token names an attempt this service never recorded.
 */
@Injectable()
export class RecordEngagement {
  private readonly machineWindowMs: number;

  constructor(
    private readonly sends: EmailSendRepository,
    private readonly platform: PlatformLifecycle,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(SERVICE_CONFIG) config: ChannelEmailConfig,
  ) {
    this.machineWindowMs = config.TRACKING_MACHINE_WINDOW_SECONDS * 1000;
  }

  async execute(claim: TrackingClaim, fetch: Fetch): Promise<boolean> {
    const email = await this.sends.findAttempt(claim);
    if (!email || email.tenantId !== claim.tenantId) return false;
    const details =
      claim.kind === 'unsubscribe'
        ? {}
        : { machineGenerated: isMachineFetch(fetch, email.sentAt, this.machineWindowMs) };
    const message = emailOutcome(
      { tenantId: email.tenantId, step: email.step, providerMessageId: email.messageId },
      OUTCOME_OF_KIND[claim.kind],
      fetch.at,
      details,
    );
    await inTransaction(this.pool, (client) => appendToOutbox(client, [message]));
    this.platform.nudgeOutbox();
    return true;
  }
}
