import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Topics } from '@stepwise/contracts';
import {
  HaltedEnrollmentsModule,
  SendMetrics,
  StaleSendSweeper,
  StaleSendSweeping,
  type ProviderProfile,
} from '@stepwise/channel-kit';
import { MetricsRegistry } from '@stepwise/observability';
import { LOGGER, PG_POOL, PlatformLifecycle, SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../config';
import { IdentityHealthRepository } from '../identity-health/identity-health.repository';
import { IdentityConnectionModule } from '../identity-connection/identity-connection.module';
import { TrackingModule } from '../tracking/tracking.module';
import { EmailMetrics } from './email-metrics';
import { EmailSendRepository } from './email-send.repository';
import { SendEmailStep } from './send-email-step';
import { SmtpSenderLifecycle, smtpSenderProvider } from './smtp/smtp-sender.provider';
import { StepDueConsumer } from './step-due.consumer';

/** How crash-recovery failures name where to look: the outcome's providerMessageId is the Message-ID. */
const EMAIL_PROFILE: ProviderProfile = {
  name: "the sender's mail server",
  whereToCheck: "the sender's Sent folder for this step's Message-ID (the outcome's provider message id)",
};

@Module({
  imports: [TrackingModule, HaltedEnrollmentsModule, IdentityConnectionModule],
  providers: [
    smtpSenderProvider,
    SmtpSenderLifecycle,
    EmailMetrics,
    EmailSendRepository,
    IdentityHealthRepository,
    SendEmailStep,
    StepDueConsumer,
    {
      provide: SendMetrics,
      inject: [MetricsRegistry],
      useFactory: (registry: MetricsRegistry) => new SendMetrics(registry),
    },
    {
      provide: StaleSendSweeper,
      inject: [SERVICE_CONFIG, PG_POOL, EmailSendRepository, SendMetrics, LOGGER, PlatformLifecycle],
      useFactory: (
        config: ChannelEmailConfig,
        pool: Pool,
        repository: EmailSendRepository,
        metrics: SendMetrics,
        logger: Logger,
        lifecycle: PlatformLifecycle,
      ) =>
        new StaleSendSweeper({
          channel: 'email',
          outcomesTopic: Topics.emailOutcomes,
          provider: EMAIL_PROFILE,
          pool,
          repository,
          metrics,
          logger,
          staleAfterMs: config.EMAIL_STALE_SEND_AFTER_MS,
          intervalMs: config.EMAIL_STALE_SWEEP_INTERVAL_MS,
          onOutcomesCommitted: () => lifecycle.nudgeOutbox(),
        }),
    },
    StaleSendSweeping,
  ],
  exports: [EmailSendRepository],
})
export class EmailModule {}
