import { Injectable } from '@nestjs/common';
import { Topics, timerFiredTopicSchema, type TimerFiredTopicMessage } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformLifecycle, PlatformRuntime } from '@stepwise/platform';
import { ReactionPipeline, type Reaction } from '../recipient-store/reaction-pipeline';
import { onSendDeferred, timerFiredReactions } from '../recipient-core/timer-fired-transitions';

/**
 * Notify timers from the dispatcher (delays before manual steps and branches, overdue tasks and
 * manual emails, out-of-office returns) and the sends it deferred.
 */
@Injectable()
export class TimerFiredConsumer extends EnvelopeConsumerHost<TimerFiredTopicMessage> {
  constructor(
    runtime: PlatformRuntime,
    private readonly pipeline: ReactionPipeline,
    private readonly platform: PlatformLifecycle,
  ) {
    super(runtime, { name: 'timer-fired', topics: [Topics.timerFired], schema: timerFiredTopicSchema });
  }

  protected async handleBatch(messages: ConsumedMessage<TimerFiredTopicMessage>[]): Promise<void> {
    const reactions: Reaction[] = messages.flatMap(({ envelope }) => {
      const base = {
        eventId: envelope.eventId,
        tenantId: envelope.tenantId,
        enrollmentId: envelope.payload.enrollmentId,
      };
      if (envelope.type === 'timer.deferred')
        return [{ ...base, react: (state) => onSendDeferred(state, envelope.payload) }];
      const react = timerFiredReactions[envelope.payload.reason];
      if (!react) return [];
      return [{ ...base, react: (state, ctx) => react(state, envelope.payload, ctx) }];
    });
    await this.pipeline.apply(reactions);
    this.platform.nudgeOutbox();
  }
}
