import { Injectable } from '@nestjs/common';
import { Topics, stepOutcomeSchema, type StepOutcome } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformLifecycle, PlatformRuntime } from '@stepwise/platform';
import { outcomeReactions } from './outcome-reactions';
import { ReactionPipeline, type Reaction } from './reaction-pipeline';

/** Channel outcomes (sent, failed, replied, bounced, ...) applied to recipients in batches. */
@Injectable()
export class OutcomeConsumer extends EnvelopeConsumerHost<StepOutcome> {
  constructor(
    runtime: PlatformRuntime,
    private readonly pipeline: ReactionPipeline,
    private readonly platform: PlatformLifecycle,
  ) {
    super(runtime, {
      name: 'outcomes',
      topics: [Topics.emailOutcomes, Topics.smsOutcomes, Topics.socialOutcomes],
      schema: stepOutcomeSchema,
    });
  }

  protected async handleBatch(messages: ConsumedMessage<StepOutcome>[]): Promise<void> {
    const reactions: Reaction[] = messages.map(({ envelope }) => ({
      eventId: envelope.eventId,
      tenantId: envelope.tenantId,
      enrollmentId: envelope.payload.step.enrollmentId,
      react: (state, ctx) => outcomeReactions[envelope.payload.outcome](state, envelope.payload, ctx),
    }));
    await this.pipeline.apply(reactions);
    this.platform.nudgeOutbox();
  }
}
