import type { StepReachedMessage } from '../analytics-message';
import type { RecipientStepFact } from '../recipient-step-fact';
import { factFlags } from '../recipient-step-flags';

/** A recipient queued for a step counts in its Recipients Attempted from now on. */
export function stepReachedFact(message: StepReachedMessage): RecipientStepFact {
  const { sequenceId, stepId, enrollmentId } = message.payload;
  return { sequenceId, stepId, enrollmentId, flags: factFlags('reached'), occurredAt: new Date(message.occurredAt) };
}
