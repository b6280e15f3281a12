import type { OutcomeKind } from '@stepwise/contracts';
import type { StepOutcomeMessage } from '../analytics-message';
import type { RecipientStepFact } from '../recipient-step-fact';
import { factFlags, type RecipientFlag } from '../recipient-step-flags';

const FLAG_OF_OUTCOME: Record<OutcomeKind, RecipientFlag> = {
  sent: 'sent',
  delivered: 'delivered',
  opened: 'opened',
  clicked: 'clicked',
  replied: 'replied',
  out_of_office: 'outOfOffice',
  bounced: 'bounced',
  failed: 'errored',
  unsubscribed: 'unsubscribed',
  // A complaint unsubscribes the recipient (enrollment suppresses the address): it counts as one.
  complaint: 'unsubscribed',
  // An auto-reply proves only that the step reached a mailbox.
  auto_reply: 'attempted',
  invited: 'invited',
  accepted: 'accepted',
};

/**
 * What a channel observed about a step attempt. The row is created here too: an outcome may be
 * consumed before the step-reached it follows, which travels on another topic.
 */
export function stepOutcomeFact(message: StepOutcomeMessage): RecipientStepFact {
  const { step } = message.payload;
  return {
    sequenceId: step.sequenceId,
    stepId: step.stepId,
    enrollmentId: step.enrollmentId,
    flags: factFlags(...flagsOf(message.payload)),
    occurredAt: new Date(message.occurredAt),
  };
}

/** A `sent` the provider's acceptance also delivered (email's 250) is the old `sent` + `delivered` pair. */
function flagsOf(outcome: StepOutcomeMessage['payload']): RecipientFlag[] {
  return outcome.outcome === 'sent' && outcome.delivered ? ['sent', 'delivered'] : [flagOf(outcome)];
}

/**
 * Two outcomes only prove the step was attempted: an open or click by a privacy proxy or a link
 * scanner is not the recipient opening, and a soft bounce is a temporary refusal, not a bounce.
 */
function flagOf(outcome: StepOutcomeMessage['payload']): RecipientFlag {
  const engagement = outcome.outcome === 'opened' || outcome.outcome === 'clicked';
  if (engagement && outcome.machineGenerated) return 'attempted';
  if (outcome.outcome === 'bounced' && outcome.bounce === 'soft') return 'attempted';
  return FLAG_OF_OUTCOME[outcome.outcome];
}
