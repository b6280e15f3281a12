import { channelOfStepType, type Channel } from '@stepwise/contracts';
import type { StepFacts } from '../enrollment/enrollment-state';
import type { SequenceNavigator } from '../sequence/sequence-navigator';

/**
 * The step a reply on `channel` answers (seed 000 counts Replied % on it): the last step that sent
 * the recipient a message on that channel, else the last step sent on any channel (an email answer
 * to an SMS). Null when nothing was sent yet.
 */
export function answeredStep(facts: StepFacts, channel: Channel, navigator: SequenceNavigator): string | null {
  const sent = Object.keys(facts).filter((stepId) => facts[stepId]?.sent === true);
  const sentOnChannel = sent.filter((stepId) => {
    const node = navigator.find(stepId);
    return node?.kind === 'step' && channelOfStepType(node.type) === channel;
  });
  return navigator.latest(sentOnChannel) ?? navigator.latest(sent);
}
