import { Topics, createEnvelope, sequencePublishedSchema } from '@stepwise/contracts';
import type { OutboxMessage } from '@stepwise/outbox';
import type { SequenceStatus } from '@stepwise/contracts';
import { flattenNodes, type SequenceNode } from './sequence-definition';

export interface PublishableSequence {
  id: string;
  tenantId: string;
  name: string;
  status: SequenceStatus;
  openTrackingEnabled: boolean;
  definition: SequenceNode[];
  launchedAt: Date | null;
}

/** The sequence's shape for readers (analytics rows), sent on launch and after every edit. */
export function sequencePublished(sequence: PublishableSequence): OutboxMessage {
  const placed = flattenNodes(sequence.definition);
  return {
    topic: Topics.enrollmentEvents,
    envelope: createEnvelope(sequencePublishedSchema, {
      tenantId: sequence.tenantId,
      key: sequence.id,
      payload: {
        sequenceId: sequence.id,
        name: sequence.name,
        status: sequence.status,
        openTrackingEnabled: sequence.openTrackingEnabled,
        steps: placed.flatMap(({ node, position, branchId, branchPath }) =>
          node.kind === 'step'
            ? [{ stepId: node.id, type: node.type, name: node.name, position, branchId, branchPath }]
            : [],
        ),
        branches: placed.flatMap(({ node, position }) =>
          node.kind === 'branch' ? [{ branchId: node.id, name: node.name, position }] : [],
        ),
      },
    }),
  };
}

/**
 * After an edit or a status change: readers learn of a sequence at its launch, so a draft that was
 * never launched has nothing to update.
 */
export function republished(sequence: PublishableSequence): OutboxMessage[] {
  return sequence.launchedAt ? [sequencePublished(sequence)] : [];
}
