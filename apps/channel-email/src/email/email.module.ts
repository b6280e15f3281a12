import { Module } from '@nestjs/common';
import { CHANNEL_SENDER, ChannelSendModule } from '@stepwise/channel-kit';
import type { ChannelEmailConfig } from '../config';
import { IdentityHealthRepository } from '../identity-health/identity-health.repository';
import { IdentityConnectionModule } from '../identity-connection/identity-connection.module';
import { TrackingModule } from '../tracking/tracking.module';
import { EmailMetrics } from './email-metrics';
import { EMAIL_PROFILE, EmailSender } from './email-sender';
import { EmailSendRepository } from './email-send.repository';
import { SmtpSenderLifecycle, smtpSenderProvider } from './smtp/smtp-sender.provider';
import { StepDueConsumer } from './step-due.consumer';

/**
 * Email on the channel kit's send path, as SMS and LinkedIn: claim, send, settle and the
 * stale-send sweeper come from ChannelSendModule; the SMTP sender guards its own calls per
 * identity. EmailSendRepository (the send log's readers: inbound mail, tracking, threading) is
 * exported with it.
 */
const emailSend = ChannelSendModule.register({
  sender: { provide: CHANNEL_SENDER, useClass: EmailSender },
  imports: [TrackingModule, IdentityConnectionModule],
  providers: [smtpSenderProvider, SmtpSenderLifecycle, EmailMetrics, EmailSendRepository, IdentityHealthRepository],
  settings: (config: ChannelEmailConfig) => ({
    provider: EMAIL_PROFILE,
    concurrency: config.SMTP_SEND_CONCURRENCY,
    guard: 'sender',
    staleAfterMs: config.EMAIL_STALE_SEND_AFTER_MS,
    sweepIntervalMs: config.EMAIL_STALE_SWEEP_INTERVAL_MS,
  }),
});

@Module({
  imports: [emailSend],
  providers: [StepDueConsumer],
  exports: [emailSend],
})
export class EmailModule {}
