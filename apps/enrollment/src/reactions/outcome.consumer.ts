import { Injectable } from '@nestjs/common';
import { Topics, stepOutcomeSchema, type StepOutcome } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformLifecycle, PlatformRuntime } from '@stepwise/platform';
import { withOutcomeFacts } from '../recipient-core/step-facts';
import { outcomeReactions } from '../recipient-core/outcome-transitions';
import { onRecipientSignal } from '../recipient-core/public-event-transitions';
import { ReactionPipeline, type Reaction } from '../recipient-store/reaction-pipeline';
import { RecipientLocatorRepository, type LocatedRecipient } from './recipient-locator.repository';

/** Channel outcomes (sent, failed, replied, bounced, ...) applied to recipients in batches. */
@Injectable()
export class OutcomeConsumer extends EnvelopeConsumerHost<StepOutcome> {
  constructor(
    runtime: PlatformRuntime,
    private readonly pipeline: ReactionPipeline,
    private readonly locator: RecipientLocatorRepository,
    private readonly platform: PlatformLifecycle,
  ) {
    super(runtime, {
      name: 'outcomes',
      topics: [Topics.emailOutcomes, Topics.smsOutcomes, Topics.socialOutcomes],
      schema: stepOutcomeSchema,
    });
  }

  protected async handleBatch(messages: ConsumedMessage<StepOutcome>[]): Promise<void> {
    const reactions: Reaction[] = [];
    const unsubscribed: LocatedRecipient[] = [];
    const complained: LocatedRecipient[] = [];
    for (const { envelope } of messages) {
      const { payload } = envelope;
      if (payload.outcome === 'unsubscribed' || payload.outcome === 'complaint') {
        const recipient = await this.locator.locate(envelope.tenantId, { enrollmentId: payload.step.enrollmentId });
        if (recipient) (payload.outcome === 'complaint' ? complained : unsubscribed).push(recipient);
        reactions.push(...unsubscribeEverywhere(envelope, recipient));
        continue;
      }
      reactions.push({
        eventId: envelope.eventId,
        tenantId: envelope.tenantId,
        enrollmentId: payload.step.enrollmentId,
        react: (state, ctx) => withOutcomeFacts(state, outcomeReactions[payload.outcome](state, payload, ctx), payload),
        // An auto-reply or a soft bounce may leave the status as it was, but the recruiter should see it.
        onTimelineAlways: payload.outcome === 'auto_reply' || payload.outcome === 'bounced',
      });
    }
    await this.pipeline.apply(reactions, async (client) => {
      await this.locator.suppress(client, unsubscribed, 'unsubscribed');
      await this.locator.suppress(client, complained, 'complaint', ['email']);
    });
    this.platform.nudgeOutbox();
  }
}

/**
 * An unsubscribe is global: the address is suppressed and every running sequence of the recipient
 * stops. A spam complaint (a feedback loop report) is the strongest unsubscribe there is.
 */
function unsubscribeEverywhere(envelope: StepOutcome, recipient: LocatedRecipient | null): Reaction[] {
  const { payload } = envelope;
  const reason =
    payload.outcome === 'complaint'
      ? `complaint (${payload.inbound?.reason ?? 'abuse'}) about step ${payload.step.stepId}`
      : `from step ${payload.step.stepId}${payload.inbound?.class === 'unsubscribe' ? ' by email' : ''}`;
  const stepEnrollment = payload.step.enrollmentId;
  const open = recipient?.openEnrollmentIds ?? [];
  // The step it came from records the unsubscribe even when its run had already ended.
  const enrollmentIds = open.includes(stepEnrollment) ? open : [...open, stepEnrollment];
  return enrollmentIds.map((enrollmentId) => ({
    eventId: envelope.eventId,
    tenantId: envelope.tenantId,
    enrollmentId,
    react: (state) => {
      const stopped = open.includes(enrollmentId)
        ? onRecipientSignal(state, { recipient: { enrollmentId }, signal: 'unsubscribe', reason })
        : null;
      return enrollmentId === stepEnrollment ? withOutcomeFacts(state, stopped, payload) : stopped;
    },
  }));
}
