import { Inject, Injectable, Optional } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type twilio from 'twilio';
import { Topics } from '@stepwise/contracts';
import type { OutboxMessage } from '@stepwise/outbox';
import {
  type ChannelSender,
  explainTemplateProblems,
  IdentityHealthRecorder,
  type Preparation,
  type ProviderAcceptance,
  type ProviderProfile,
  renderTemplate,
  type SettledAttempt,
  type StepDueFor,
} from '@stepwise/channel-kit';
import { isE164 } from './e164';
import { toProviderError } from './twilio-errors';
import { RecordDeliveryStatus } from '../webhooks/record-delivery-status';
import { SmsWebhookRepository } from '../webhooks/sms-webhook.repository';

export const TWILIO_CLIENT = Symbol('TWILIO_CLIENT');
/** The public URL of channel-sms's status callback endpoint, sent with every message. */
export const STATUS_CALLBACK_URL = Symbol('STATUS_CALLBACK_URL');

export const TWILIO_PROFILE: ProviderProfile = { name: 'Twilio', whereToCheck: "Twilio's Messaging Logs" };

/** Twilio refuses longer bodies (error 21617); checked first so the recruiter gets a clear reason. */
export const SMS_BODY_LIMIT = 1600;

export type SmsStepDue = StepDueFor<'sms'>;

export interface SmsRequest {
  from: string;
  to: string;
  body: string;
  /** The sender identity and its tenant: a refused login pauses its recipients (identity.health). */
  sender?: { identityId: string; tenantId: string };
}

/** Prepares SMS steps and sends them through Twilio's Messages API. */
@Injectable()
export class SmsSender implements ChannelSender<SmsStepDue, SmsRequest> {
  readonly channel = 'sms' as const;
  readonly outcomesTopic = Topics.smsOutcomes;

  constructor(
    @Inject(TWILIO_CLIENT) private readonly client: twilio.Twilio,
    @Inject(STATUS_CALLBACK_URL) private readonly statusCallbackUrl: string,
    @Optional() private readonly identityHealth?: IdentityHealthRecorder,
    @Optional() private readonly deliveryReports?: SmsWebhookRepository,
    @Optional() private readonly recordDeliveryStatus?: RecordDeliveryStatus,
  ) {}

  /**
   * Twilio can report a final status within milliseconds, while the rest of the chunk is still
   * being sent: such a callback was kept, and its delivered or failed outcome goes out in the same
   * transaction as the send's own, right after it.
   */
  async afterSettle(client: PoolClient, settled: readonly SettledAttempt<SmsRequest>[]): Promise<OutboxMessage[]> {
    const sids = settled.flatMap(({ settlement }) =>
      settlement.status === 'sent' && settlement.providerMessageId ? [settlement.providerMessageId] : [],
    );
    if (!this.deliveryReports || !this.recordDeliveryStatus) return [];
    const early = await this.deliveryReports.takeEarlyReports(client, sids);
    return early.length > 0 ? this.recordDeliveryStatus.outcomesOf(client, early) : [];
  }

  prepare(due: SmsStepDue): Preparation<SmsRequest> {
    const { delivery } = due.payload;
    // Checked here rather than left to Twilio: a call that cannot succeed is not made.
    if (!isE164(delivery.to)) {
      return failed(
        'invalid_address',
        "The recipient's phone number (delivery.to) is not in E.164 format, so no SMS can be sent to it.",
        "Correct the candidate's mobile number to international format with country code, e.g. +14155552671, then retry.",
      );
    }
    const rendered = renderTemplate(delivery.body, delivery.variables);
    if (!rendered.ok) {
      const { message, suggestedFix } = explainTemplateProblems(rendered.problems);
      return failed('content', message, suggestedFix);
    }
    if (rendered.text.trim() === '') {
      return failed('content', 'The SMS is empty.', 'Write a text for the SMS step, then retry.');
    }
    if (rendered.text.length > SMS_BODY_LIMIT) {
      return failed(
        'content',
        `The SMS is ${rendered.text.length} characters once variables are filled in; the limit is ${SMS_BODY_LIMIT}.`,
        `Shorten the SMS template to stay under ${SMS_BODY_LIMIT} characters, then retry.`,
      );
    }
    return {
      ok: true,
      request: {
        from: delivery.sender.address,
        to: delivery.to,
        body: rendered.text,
        sender: { identityId: delivery.sender.identityId, tenantId: due.tenantId },
      },
    };
  }

  async send(request: SmsRequest): Promise<ProviderAcceptance> {
    const { sender, ...message } = request;
    let sid: string;
    try {
      sid = (await this.client.messages.create({ ...message, statusCallback: this.statusCallbackUrl })).sid;
    } catch (error) {
      const refused = toProviderError(error);
      if (sender && refused.failure?.type === 'auth') {
        await this.identityHealth?.observe('sms', { ...sender, accepted: false, reason: refused.failure.message });
      }
      throw refused;
    }
    if (sender) await this.identityHealth?.observe('sms', { ...sender, accepted: true });
    // Twilio only queued it ('queued'/'accepted'); delivery is reported later by status callbacks.
    return { outcome: 'sent', providerMessageId: sid };
  }
}

function failed(type: 'invalid_address' | 'content', message: string, suggestedFix: string): Preparation<SmsRequest> {
  return { ok: false, failure: { type, message, suggestedFix } };
}
