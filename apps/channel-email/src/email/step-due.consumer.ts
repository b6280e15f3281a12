import { Injectable } from '@nestjs/common';
import { Topics } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformRuntime } from '@stepwise/platform';
import { emailStepDueSchema, type EmailStepDue } from './email-step-due';
import { SendEmailStep } from './send-email-step';

/** Email step-due commands, a partition's batch at a time; commands for other channels are dead-lettered. */
@Injectable()
export class StepDueConsumer extends EnvelopeConsumerHost<EmailStepDue> {
  constructor(
    runtime: PlatformRuntime,
    private readonly sendEmailStep: SendEmailStep,
  ) {
    super(runtime, { name: 'step-due', topics: [Topics.emailStepDue], schema: emailStepDueSchema });
  }

  protected handleBatch(messages: ConsumedMessage<EmailStepDue>[]): Promise<void> {
    return this.sendEmailStep.execute(messages.map((message) => message.envelope));
  }
}
