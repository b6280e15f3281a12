import { Injectable } from '@nestjs/common';
import { Topics } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { SendDueSteps, stepDueSchemaFor } from '@stepwise/channel-kit';
import { EnvelopeConsumerHost, PlatformRuntime } from '@stepwise/platform';
import type { EmailRequest, EmailStepDue } from './email-sender';
import type { RecordedEmail } from './email-send.repository';

/** Email step-due commands, a partition's batch at a time; commands for other channels are dead-lettered. */
@Injectable()
export class StepDueConsumer extends EnvelopeConsumerHost<EmailStepDue> {
  constructor(
    runtime: PlatformRuntime,
    private readonly sendDueSteps: SendDueSteps<EmailStepDue, EmailRequest, Map<string, RecordedEmail>>,
  ) {
    super(runtime, { name: 'step-due', topics: [Topics.emailStepDue], schema: stepDueSchemaFor('email') });
  }

  protected handleBatch(messages: ConsumedMessage<EmailStepDue>[]): Promise<void> {
    return this.sendDueSteps.execute(messages.map((message) => message.envelope));
  }
}
