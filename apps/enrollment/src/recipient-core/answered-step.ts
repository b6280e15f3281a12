import { channelOfStepType, type Channel } from '@stepwise/contracts';
import type { StepFacts } from './enrollment-state';
import type { SequenceNavigator } from './sequence-navigator';

/**
 * The step a reply on `channel` answers (seed 000 counts Replied % on it): the last step that sent
 * the recipient a message on that channel, else the last step sent on any channel (an email answer
 * to an SMS). When none is known sent, the recipient's current step if it sends on that channel:
 * they can only answer a message they got, so its send was reported on a topic enrollment has not
 * read yet. Null when the reply can answer nothing.
 */
export function answeredStep(
  facts: StepFacts,
  channel: Channel,
  navigator: SequenceNavigator,
  /** Where an In Progress recipient is: a step whose send may be under way. */
  currentNodeId: string | null = null,
): string | null {
  const sendsOnChannel = (stepId: string) => {
    const node = navigator.find(stepId);
    return node?.kind === 'step' && channelOfStepType(node.type) === channel;
  };
  const sent = Object.keys(facts).filter((stepId) => facts[stepId]?.sent === true);
  const sentOnChannel = sent.filter(sendsOnChannel);
  const inFlight = currentNodeId !== null && sendsOnChannel(currentNodeId) ? currentNodeId : null;
  return navigator.latest(sentOnChannel) ?? navigator.latest(sent) ?? inFlight;
}
