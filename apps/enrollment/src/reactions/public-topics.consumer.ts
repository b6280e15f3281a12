import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  Topics,
  recipientSignalSchema,
  replyReceivedSchema,
  type RecipientSignal,
  type ReplyReceived,
} from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformLifecycle, PlatformRuntime } from '@stepwise/platform';
import { onRecipientSignal, onReplyReceived, SUPPRESSING_SIGNALS } from '../recipient-core/public-event-transitions';
import { ReactionPipeline, type Reaction } from '../recipient-store/reaction-pipeline';
import { RecipientLocatorRepository, type LocatedRecipient } from './recipient-locator.repository';

type PublicEvent = ReplyReceived | RecipientSignal;
const publicEventSchema = z.discriminatedUnion('type', [replyReceivedSchema, recipientSignalSchema]);

/**
 * The documented topics internal services publish to (docs/public-topics.md): replies and
 * recipient signals. The same event delivered twice has one effect (event ids are recorded).
 */
@Injectable()
export class PublicTopicsConsumer extends EnvelopeConsumerHost<PublicEvent> {
  constructor(
    runtime: PlatformRuntime,
    private readonly pipeline: ReactionPipeline,
    private readonly locator: RecipientLocatorRepository,
    private readonly platform: PlatformLifecycle,
  ) {
    super(runtime, {
      name: 'public-topics',
      topics: [Topics.publicReplies, Topics.publicRecipientSignals],
      schema: publicEventSchema,
    });
  }

  protected async handleBatch(messages: ConsumedMessage<PublicEvent>[]): Promise<void> {
    const reactions: Reaction[] = [];
    const toSuppress: LocatedRecipient[] = [];
    const suppressionReasons: string[] = [];
    for (const { envelope } of messages) {
      const recipient = await this.locator.locate(envelope.tenantId, envelope.payload.recipient);
      if (!recipient) continue;
      if (envelope.type === 'recipient.signal' && SUPPRESSING_SIGNALS.has(envelope.payload.signal)) {
        toSuppress.push(recipient);
        const { signal, reason } = envelope.payload;
        suppressionReasons.push(`${signal.replaceAll('_', ' ')} signal${reason ? `: ${reason}` : ''}`);
      }
      for (const enrollmentId of targetEnrollments(envelope, recipient)) {
        reactions.push({
          eventId: envelope.eventId,
          tenantId: envelope.tenantId,
          enrollmentId,
          react: (state, ctx) =>
            envelope.type === 'reply.received'
              ? onReplyReceived(state, envelope.payload, ctx)
              : onRecipientSignal(state, envelope.payload),
        });
      }
    }
    await this.pipeline.apply(reactions, (client) =>
      this.locator.suppress(client, toSuppress, (_, i) => suppressionReasons[i]),
    );
    this.platform.nudgeOutbox();
  }
}

/**
 * A reply naming one enrollment stops that one; a reply or signal naming an address reaches all of
 * them. A reply also reaches enrollments already completed: it still counts (seed 003).
 */
function targetEnrollments(event: PublicEvent, recipient: LocatedRecipient): string[] {
  if (event.type !== 'reply.received') return recipient.openEnrollmentIds;
  const named = event.payload.recipient.enrollmentId;
  const repliable = recipient.repliableEnrollmentIds;
  return named ? repliable.filter((id) => id === named) : repliable;
}
