import type { ConsumedMessage } from '@stepwise/kafka';
import type { TransitionedMessage } from '../analytics-message';
import { flagBits, type RecipientStepRow } from '../recipient-step-row';

/**
 * The step rows one transition states: each step whose facts changed, with its facts as enrollment
 * now holds them. Nothing is interpreted here; the event's position versions the rows.
 */
export function transitionedStepRows({ envelope, offset }: ConsumedMessage<TransitionedMessage>): RecipientStepRow[] {
  const { sequenceId, enrollmentId, steps } = envelope.payload;
  const version = { occurredAt: new Date(envelope.occurredAt), offset: BigInt(offset) };
  return steps.map((step) => ({ sequenceId, stepId: step.stepId, enrollmentId, flags: flagBits(step.facts), version }));
}
