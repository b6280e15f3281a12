import type { StepResolvedMessage } from '../analytics-message';
import type { RecipientStepFact } from '../recipient-step-fact';
import { factFlags } from '../recipient-step-flags';

/** A recipient left a step: done (counts in Completed for tasks) or skipped (counts in Skipped %). */
export function stepResolvedFact(message: StepResolvedMessage): RecipientStepFact {
  const { sequenceId, stepId, enrollmentId, resolution } = message.payload;
  return { sequenceId, stepId, enrollmentId, flags: factFlags(resolution), occurredAt: new Date(message.occurredAt) };
}
