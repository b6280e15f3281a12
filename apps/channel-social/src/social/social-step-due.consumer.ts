import { Injectable } from '@nestjs/common';
import { Topics } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformRuntime } from '@stepwise/platform';
import { SendDueSteps, stepDueSchemaFor } from '@stepwise/channel-kit';
import type { SocialRequest, SocialStepDue } from './social-sender';

/** One batch of connection-request and message step-due commands per call, handed to the send path. */
@Injectable()
export class SocialStepDueConsumer extends EnvelopeConsumerHost<SocialStepDue> {
  constructor(
    runtime: PlatformRuntime,
    private readonly sendDueSteps: SendDueSteps<SocialStepDue, SocialRequest>,
  ) {
    super(runtime, { name: 'step-due', topics: [Topics.socialStepDue], schema: stepDueSchemaFor('social') });
  }

  protected handleBatch(messages: ConsumedMessage<SocialStepDue>[]): Promise<void> {
    return this.sendDueSteps.execute(messages.map((message) => message.envelope));
  }
}
