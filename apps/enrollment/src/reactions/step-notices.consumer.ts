import { Injectable } from '@nestjs/common';
import { Topics, stepNoticeSchema, type StepNotice } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformLifecycle, PlatformRuntime } from '@stepwise/platform';
import { ReactionPipeline, type Reaction } from '../recipient-store/reaction-pipeline';
import { onStepSkipped, onStepWaiting } from '../recipient-core/step-notice-transitions';

/** Step attempts a channel holds back (waiting to connect) or refused (the recipient had halted). */
@Injectable()
export class StepNoticesConsumer extends EnvelopeConsumerHost<StepNotice> {
  constructor(
    runtime: PlatformRuntime,
    private readonly pipeline: ReactionPipeline,
    private readonly platform: PlatformLifecycle,
  ) {
    super(runtime, { name: 'step-notices', topics: [Topics.stepNotices], schema: stepNoticeSchema });
  }

  protected async handleBatch(messages: ConsumedMessage<StepNotice>[]): Promise<void> {
    const reactions: Reaction[] = messages.map(({ envelope }) => {
      const base = {
        eventId: envelope.eventId,
        tenantId: envelope.tenantId,
        enrollmentId: envelope.payload.step.enrollmentId,
      };
      return envelope.type === 'step.waiting'
        ? { ...base, react: (state) => onStepWaiting(state, envelope.payload) }
        : { ...base, onTimelineAlways: true, react: (state) => onStepSkipped(state, envelope.payload) };
    });
    await this.pipeline.apply(reactions);
    this.platform.nudgeOutbox();
  }
}
