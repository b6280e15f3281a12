import type { StepAttempt } from '@stepwise/contracts';

/** One step attempt inside this process (map keys); the database keys on the three columns. */
export function attemptKey(step: Pick<StepAttempt, 'enrollmentId' | 'stepId' | 'attempt'>): string {
  return `${step.enrollmentId}\u0000${step.stepId}\u0000${step.attempt}`;
}
