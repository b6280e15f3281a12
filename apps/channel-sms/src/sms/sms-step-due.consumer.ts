import { Injectable } from '@nestjs/common';
import { Topics } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformRuntime } from '@stepwise/platform';
import { SendDueSteps, stepDueSchemaFor } from '@stepwise/channel-kit';
import type { SmsRequest, SmsStepDue } from './sms-sender';

/** One batch of SMS step-due commands per call, in partition order, handed to the send path. */
@Injectable()
export class SmsStepDueConsumer extends EnvelopeConsumerHost<SmsStepDue> {
  constructor(
    runtime: PlatformRuntime,
    private readonly sendDueSteps: SendDueSteps<SmsStepDue, SmsRequest>,
  ) {
    super(runtime, { name: 'step-due', topics: [Topics.smsStepDue], schema: stepDueSchemaFor('sms') });
  }

  protected handleBatch(messages: ConsumedMessage<SmsStepDue>[]): Promise<void> {
    return this.sendDueSteps.execute(messages.map((message) => message.envelope));
  }
}
