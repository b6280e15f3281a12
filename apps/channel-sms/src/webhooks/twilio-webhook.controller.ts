import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ZodValidationPipe } from '@stepwise/platform';
import { ReceiveInboundSms } from './receive-inbound-sms';
import { DeliveryReportBatcher } from './delivery-report-batcher';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { inboundSmsSchema, statusCallbackSchema, type InboundSms, type StatusCallback } from './twilio-webhook.dto';
import { TWILIO_WEBHOOK_ROUTES } from './twilio-webhook-routes';

/** An empty TwiML answer: Twilio sends no automatic reply to the candidate. */
const NO_REPLY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Twilio's calls into channel-sms; the guard refuses anything Twilio did not sign (403). */
@Controller()
@UseGuards(TwilioSignatureGuard)
export class TwilioWebhookController {
  constructor(
    private readonly deliveryReports: DeliveryReportBatcher,
    private readonly receiveInboundSms: ReceiveInboundSms,
  ) {}

  @Post(TWILIO_WEBHOOK_ROUTES.status)
  @HttpCode(204)
  async status(@Body(new ZodValidationPipe(statusCallbackSchema)) callback: StatusCallback): Promise<void> {
    await this.deliveryReports.record({
      messageSid: callback.MessageSid,
      status: callback.MessageStatus,
      errorCode: callback.ErrorCode,
    });
  }

  @Post(TWILIO_WEBHOOK_ROUTES.inbound)
  @HttpCode(200)
  @Header('content-type', 'text/xml')
  async inbound(@Body(new ZodValidationPipe(inboundSmsSchema)) inbound: InboundSms): Promise<string> {
    await this.receiveInboundSms.execute(inbound);
    return NO_REPLY;
  }
}
