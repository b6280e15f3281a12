import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Topics } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { PeriodicJob } from '@stepwise/platform';
import { outcomeEnvelope, type ProviderGuard, type SendDueSteps } from '@stepwise/channel-kit';
import type { SocialProvider } from '../social/social-provider';
import type { SocialRequest, SocialStepDue } from '../social/social-sender';
import type { InvitationRepository, OpenInvitation } from './invitation.repository';

export interface AcceptancePollerOptions {
  pool: Pool;
  repository: InvitationRepository;
  provider: SocialProvider;
  guard: ProviderGuard;
  sendDueSteps: SendDueSteps<SocialStepDue, SocialRequest>;
  logger: Logger;
  intervalMs: number;
  /** How long before the provider is asked again about the same open invitation. */
  recheckAfterMs: number;
  /** Invitations asked about per round. */
  batchSize: number;
  onOutcomesCommitted: () => void;
}

/**
 * Finds out which connection requests were accepted by asking the provider about each open
 * invitation in turn; publishes 'accepted' once per invitation (accepted_at is set once, with its
 * outbox row), then sends the messages that were waiting for that connection.
 */
export class AcceptancePoller {
  private readonly job: PeriodicJob;

  constructor(private readonly options: AcceptancePollerOptions) {
    this.job = new PeriodicJob(
      { name: 'social-acceptance-poll', intervalMs: options.intervalMs },
      () => this.pollOnce(),
      options.logger,
    );
  }

  start(): void {
    this.job.start();
  }

  /** Waits for a round in progress, so its transaction and sends are not cut off. */
  async stop(): Promise<void> {
    await this.job.stop();
  }

  async pollOnce(): Promise<void> {
    const { repository, guard, provider, batchSize, recheckAfterMs } = this.options;
    const open = await repository.takeDueForCheck(batchSize, recheckAfterMs);
    // Through the guard: a provider in trouble is not hammered, and its failures leave the
    // invitation for the next check instead of failing anything.
    const statuses = await guard.callAll(open, (invitation) => provider.invitationStatus(invitation));
    const accepted = open.filter((_invitation, i) => {
      const status = statuses[i];
      return status?.ok === true && status.value === 'accepted';
    });
    if (accepted.length > 0) await this.publishAccepted(accepted);
    for (const connection of await repository.connectedWithWaiting()) {
      await this.options.sendDueSteps.sendWaiting(connection.accountId, connection.profileUrl);
    }
  }

  private async publishAccepted(accepted: OpenInvitation[]): Promise<void> {
    const marked = await inTransaction(this.options.pool, async (client) => {
      const fresh = await this.options.repository.markAccepted(client, accepted);
      const published = accepted.filter((invitation) => fresh.has(invitation.invitationId));
      await appendToOutbox(
        client,
        published.map((invitation) => ({
          topic: Topics.socialOutcomes,
          envelope: outcomeEnvelope({
            channel: 'social',
            tenantId: invitation.tenantId,
            step: invitation.step,
            outcome: 'accepted',
            providerMessageId: invitation.invitationId,
          }),
        })),
      );
      return published.length;
    });
    if (marked > 0) {
      this.options.onOutcomesCommitted();
      this.options.logger.info({ accepted: marked }, 'connection requests accepted');
    }
  }
}
