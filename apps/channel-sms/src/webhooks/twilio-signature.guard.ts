import { ForbiddenException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import twilio from 'twilio';
import { SERVICE_CONFIG } from '@stepwise/platform';
import type { SmsConfig } from '../config';
import { publicWebhookUrl } from './twilio-webhook-routes';

/**
 * Lets a webhook through only when X-Twilio-Signature is Twilio's HMAC of the public URL and the
 * form fields under our auth token: anyone can reach the endpoint, and an unchecked "STOP" or
 * "undelivered" would end a candidate's sequence. A refused request changes nothing.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: SmsConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.header('x-twilio-signature');
    const url = publicWebhookUrl(this.config.SMS_WEBHOOK_BASE_URL, request.originalUrl);
    const params = (request.body ?? {}) as Record<string, unknown>;
    if (!signature || !twilio.validateRequest(this.config.TWILIO_AUTH_TOKEN, signature, url, params)) {
      throw new ForbiddenException('X-Twilio-Signature is missing or does not match this request');
    }
    return true;
  }
}
