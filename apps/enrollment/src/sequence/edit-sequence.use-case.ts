import { Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { channelOfStepType } from '@stepwise/contracts';
import { PlatformLifecycle } from '@stepwise/platform';
import { ReactionPipeline } from '../recipient-store/reaction-pipeline';
import { isUserStep } from '../recipient-core/step-planner';
import {
  flattenNodes,
  structureSignature,
  type SequenceNode,
  type StepNode,
} from '../recipient-core/sequence-definition';
import { sequenceConflict } from './sequence-lifecycle';
import { reissueEditedSend } from '../recipient-core/sequence-recipient-transitions';
import { SequenceRecipientsRepository } from './sequence-recipients.repository';
import type { Sequence } from './sequence.repository';
import { SequenceService } from './sequence.service';
import { assertValidDefinition } from './valid-definition';
import type { EditSequenceBody } from './dto/edit-sequence.dto';

export const STRUCTURE_LOCKED = 'structure is locked after launch: duplicate the sequence to change its steps';

/**
 * Edits a sequence. A draft takes anything valid; once launched, steps keep their place and type
 * and only their content and delays change, for what is still to come: recipients whose pending
 * send is an edited step get it re-issued with the new content at the same time, while recipients
 * past that step are untouched.
 */
@Injectable()
export class EditSequenceUseCase {
  constructor(
    private readonly sequences: SequenceService,
    private readonly recipients: SequenceRecipientsRepository,
    private readonly pipeline: ReactionPipeline,
    private readonly platform: PlatformLifecycle,
  ) {}

  async execute(tenantId: string, id: string, body: EditSequenceBody): Promise<Sequence> {
    if (body.steps) assertValidDefinition(body.steps);
    let edited: Sequence | undefined;
    await this.pipeline.apply(async (client) => {
      const sequence = await this.sequences.lockFor(client, tenantId, id, 'edit');
      const launched = sequence.status !== 'draft';
      const steps = body.steps ?? sequence.definition;
      if (launched && structureSignature(steps) !== structureSignature(sequence.definition)) {
        throw sequenceConflict(sequence.status, 'edit', STRUCTURE_LOCKED);
      }
      edited = await this.sequences.save(client, {
        ...sequence,
        name: body.name ?? sequence.name,
        definition: steps,
        enrollmentRule: body.enrollmentRule ?? sequence.enrollmentRule,
        openTrackingEnabled: body.openTrackingEnabled ?? sequence.openTrackingEnabled,
      });
      if (!launched) return [];
      const pending = await this.recipients.pendingSendsOf(
        client,
        tenantId,
        id,
        editedSends(sequence.definition, steps),
      );
      return pending.map((enrollmentId) => ({ tenantId, enrollmentId, react: reissueEditedSend }));
    });
    this.platform.nudgeOutbox();
    return edited as Sequence;
  }
}

/** Ids of the steps sent by a channel whose content or delay differs between the two versions. */
function editedSends(before: readonly SequenceNode[], after: readonly SequenceNode[]): string[] {
  const previous = new Map(stepsOf(before).map((step) => [step.id, step]));
  return stepsOf(after)
    .filter((step) => channelOfStepType(step.type) && !isUserStep(step))
    .filter((step) => !isDeepStrictEqual(previous.get(step.id), step))
    .map((step) => step.id);
}

function stepsOf(nodes: readonly SequenceNode[]): StepNode[] {
  return flattenNodes(nodes).flatMap(({ node }) => (node.kind === 'step' ? [node] : []));
}
