import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@stepwise/platform';
import { CHANNEL_SENDER, ChannelSendModule, IdentityHealthRecorder } from '@stepwise/channel-kit';
import type { SmsConfig } from '../config';
import { AwaitingDeliveryRepository } from '../delivery/awaiting-delivery.repository';
import { CheckQuietDeliveries } from '../delivery/check-quiet-deliveries';
import { DeliveryChecking } from '../delivery/delivery-checking';
import { ReceiveInboundSms } from '../webhooks/receive-inbound-sms';
import { DeliveryReportBatcher } from '../webhooks/delivery-report-batcher';
import { ApplyEarlyDeliveryReportsUseCase } from '../delivery/apply-early-delivery-reports.use-case';
import { DeliveryReportsModule } from '../webhooks/delivery-reports.module';
import { TwilioSignatureGuard } from '../webhooks/twilio-signature.guard';
import { TwilioWebhookController } from '../webhooks/twilio-webhook.controller';
import { publicWebhookUrl, TWILIO_WEBHOOK_ROUTES } from '../webhooks/twilio-webhook-routes';
import { SmsSender, STATUS_CALLBACK_URL, TWILIO_CLIENT, TWILIO_PROFILE } from './sms-sender';
import { SmsStepDueConsumer } from './sms-step-due.consumer';
import { createTwilioClient } from './twilio-client';

/** Twilio answers in well under a second; past this the request's fate is reported as unknown. */
const TWILIO_TIMEOUT_MS = 10_000;

@Module({
  imports: [
    DeliveryReportsModule,
    ChannelSendModule.register({
      sender: { provide: CHANNEL_SENDER, useClass: SmsSender },
      imports: [DeliveryReportsModule],
      providers: [
        IdentityHealthRecorder,
        {
          provide: TWILIO_CLIENT,
          inject: [SERVICE_CONFIG],
          useFactory: (config: SmsConfig) =>
            createTwilioClient({
              accountSid: config.TWILIO_ACCOUNT_SID,
              authToken: config.TWILIO_AUTH_TOKEN,
              baseUrl: config.TWILIO_API_BASE_URL,
              timeoutMs: TWILIO_TIMEOUT_MS,
            }),
        },
        {
          provide: STATUS_CALLBACK_URL,
          inject: [SERVICE_CONFIG],
          useFactory: (config: SmsConfig) =>
            publicWebhookUrl(config.SMS_WEBHOOK_BASE_URL, TWILIO_WEBHOOK_ROUTES.status),
        },
      ],
      settings: (config: SmsConfig) => ({
        provider: TWILIO_PROFILE,
        concurrency: config.SMS_SEND_CONCURRENCY,
        staleAfterMs: config.SMS_STALE_SEND_AFTER_MS,
        sweepIntervalMs: config.SMS_STALE_SWEEP_INTERVAL_MS,
      }),
    }),
  ],
  controllers: [TwilioWebhookController],
  providers: [
    SmsStepDueConsumer,
    DeliveryReportBatcher,
    ReceiveInboundSms,
    TwilioSignatureGuard,
    AwaitingDeliveryRepository,
    ApplyEarlyDeliveryReportsUseCase,
    CheckQuietDeliveries,
    DeliveryChecking,
  ],
})
export class SmsModule {}
