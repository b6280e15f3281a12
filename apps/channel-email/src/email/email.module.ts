import { Module } from '@nestjs/common';
import { EmailMetrics } from './email-metrics';
import { EmailSendRepository } from './email-send.repository';
import { SendEmailStep } from './send-email-step';
import { SmtpSenderLifecycle, smtpSenderProvider } from './smtp/smtp-sender.provider';
import { StepDueConsumer } from './step-due.consumer';

@Module({
  providers: [
    smtpSenderProvider,
    SmtpSenderLifecycle,
    EmailMetrics,
    EmailSendRepository,
    SendEmailStep,
    StepDueConsumer,
  ],
})
export class EmailModule {}
