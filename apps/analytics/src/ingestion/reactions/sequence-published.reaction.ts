import type { SequencePublishedMessage } from '../analytics-message';

type Payload = SequencePublishedMessage['payload'];

/** A sequence's name, settings, steps and branches as of one publication. */
export interface SequenceShape {
  sequenceId: string;
  tenantId: string;
  name: string;
  status: Payload['status'];
  openTrackingEnabled: boolean;
  steps: Payload['steps'];
  branches: Payload['branches'];
  publishedAt: Date;
}

/** Only the newest publication of each sequence matters; older ones in the same batch are dropped here. */
export function latestShapes(messages: readonly SequencePublishedMessage[]): SequenceShape[] {
  const latest = new Map<string, SequenceShape>();
  for (const message of messages) {
    const shape: SequenceShape = {
      ...message.payload,
      tenantId: message.tenantId,
      publishedAt: new Date(message.occurredAt),
    };
    const seen = latest.get(shape.sequenceId);
    if (!seen || seen.publishedAt < shape.publishedAt) latest.set(shape.sequenceId, shape);
  }
  return [...latest.values()];
}
