import { ConflictException } from '@nestjs/common';
import { channelOfStepType } from '@stepwise/contracts';
import { whyNotTextable } from '../recipient-core/phone-number';
import { flattenNodes, type SequenceNode } from '../recipient-core/sequence-definition';
import { isSentByChannel } from '../recipient-core/step-planner';

/** The sender identity facts a launch checks: which tenant identity a step names, and its channel and address. */
export interface LaunchIdentity {
  id: string;
  channel: string;
  address: string;
}

export interface LaunchProblem {
  field: string;
  message: string;
}

/**
 * What would put every recipient in Error at a step: a channel step without a sender identity of
 * the tenant on its channel, or an SMS sender whose address is not a number that can send texts.
 */
export function launchProblems(
  nodes: readonly SequenceNode[],
  identities: ReadonlyMap<string, LaunchIdentity>,
): LaunchProblem[] {
  const problems: LaunchProblem[] = [];
  for (const { node } of flattenNodes(nodes)) {
    if (node.kind !== 'step' || !isSentByChannel(node)) continue;
    const channel = channelOfStepType(node.type);
    const field = `steps.${node.id}.identityId`;
    const identity = node.identityId ? identities.get(node.identityId) : undefined;
    if (!node.identityId) {
      problems.push({ field, message: `step ${node.id} has no sender identity: choose a ${channel} identity` });
    } else if (!identity) {
      problems.push({
        field,
        message: `step ${node.id} names sender identity ${node.identityId}, which does not exist`,
      });
    } else if (identity.channel !== channel) {
      problems.push({
        field,
        message: `step ${node.id} sends by ${channel} but sender identity ${identity.id} is a ${identity.channel} identity`,
      });
    } else if (channel === 'sms') {
      const why = whyNotTextable(identity.address);
      if (why) problems.push({ field, message: `step ${node.id}: sender identity ${identity.id}: ${why}` });
    }
  }
  return problems;
}

/** 409 naming every step that cannot be sent; the sequence stays a draft to fix (edit) and launch again. */
export function assertLaunchable(
  nodes: readonly SequenceNode[],
  identities: ReadonlyMap<string, LaunchIdentity>,
): void {
  const problems = launchProblems(nodes, identities);
  if (problems.length === 0) return;
  throw new ConflictException({
    statusCode: 409,
    error: 'Conflict',
    message: `the sequence cannot be launched: ${problems.map((p) => p.message).join('; ')}`,
    errors: problems,
  });
}
