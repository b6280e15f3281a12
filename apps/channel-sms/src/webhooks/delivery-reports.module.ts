import { Module } from '@nestjs/common';
import { RecordDeliveryStatus } from './record-delivery-status';
import { SmsWebhookRepository } from './sms-webhook.repository';

/** Final delivery statuses: recorded by the webhooks and the delivery check, and picked up by the send path's settle. */
@Module({
  providers: [SmsWebhookRepository, RecordDeliveryStatus],
  exports: [SmsWebhookRepository, RecordDeliveryStatus],
})
export class DeliveryReportsModule {}
