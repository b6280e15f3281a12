import { Module } from '@nestjs/common';
import { IdentityHealthRepository } from '../identity-health/identity-health.repository';
import { TrackingModule } from '../tracking/tracking.module';
import { EmailMetrics } from './email-metrics';
import { EmailSendRepository } from './email-send.repository';
import { SendEmailStep } from './send-email-step';
import { SmtpSenderLifecycle, smtpSenderProvider } from './smtp/smtp-sender.provider';
import { StepDueConsumer } from './step-due.consumer';

@Module({
  imports: [TrackingModule],
  providers: [
    smtpSenderProvider,
    SmtpSenderLifecycle,
    EmailMetrics,
    EmailSendRepository,
    IdentityHealthRepository,
    SendEmailStep,
    StepDueConsumer,
  ],
  exports: [EmailSendRepository],
})
export class EmailModule {}
