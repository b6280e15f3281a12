import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { LOGGER, PG_POOL, PlatformLifecycle, SERVICE_CONFIG } from '@stepwise/platform';
import { ProviderGuard, SendDueSteps } from '@stepwise/channel-kit';
import type { SocialConfig } from '../config';
import { SOCIAL_PROVIDER, type SocialProvider } from '../social/social-provider';
import type { SocialRequest, SocialStepDue } from '../social/social-sender';
import { AcceptancePoller } from './acceptance-poller';
import { InvitationRepository } from './invitation.repository';

/** Open invitations asked about per round: a few seconds of provider calls at most. */
const CHECKS_PER_ROUND = 100;

/** Starts polling with the app, and stops (finishing the round) before the pool closes. */
@Injectable()
export class AcceptancePolling implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly poller: AcceptancePoller) {}

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.poller.stop();
  }
}

/** For SocialModule: they need the provider client, guard and send path its ChannelSendModule exports. */
export const ACCEPTANCE_PROVIDERS: Provider[] = [
  { provide: InvitationRepository, inject: [PG_POOL], useFactory: (pool: Pool) => new InvitationRepository(pool) },
  {
    provide: AcceptancePoller,
    inject: [
      SERVICE_CONFIG,
      PG_POOL,
      InvitationRepository,
      SOCIAL_PROVIDER,
      ProviderGuard,
      SendDueSteps,
      LOGGER,
      PlatformLifecycle,
    ],
    useFactory: (
      config: SocialConfig,
      pool: Pool,
      repository: InvitationRepository,
      provider: SocialProvider,
      guard: ProviderGuard,
      sendDueSteps: SendDueSteps<SocialStepDue, SocialRequest>,
      logger: Logger,
      lifecycle: PlatformLifecycle,
    ) =>
      new AcceptancePoller({
        pool,
        repository,
        provider,
        guard,
        sendDueSteps,
        logger,
        intervalMs: config.SOCIAL_ACCEPTANCE_POLL_INTERVAL_MS,
        recheckAfterMs: config.SOCIAL_ACCEPTANCE_RECHECK_AFTER_MS,
        batchSize: CHECKS_PER_ROUND,
        onOutcomesCommitted: () => lifecycle.nudgeOutbox(),
      }),
  },
  AcceptancePolling,
];
