import type { StepSkipped, StepWaiting } from '@stepwise/contracts';
import type { EnrollmentState } from './enrollment-state';
import type { Transition } from './transition';

/**
 * A channel holds the step attempt back until the recipient is reachable (a LinkedIn message before
 * the connection request was accepted): only the In Progress substatus changes, once. The attempt
 * ends later with its step.outcome, which moves the recipient on (sent) or into Error (failed). A
 * notice about an older attempt, or a step the recipient has left, changes nothing.
 */
export function onStepWaiting(state: EnrollmentState, waiting: StepWaiting['payload']): Transition | null {
  if (state.status !== 'in_progress') return null;
  if (state.currentNodeId !== waiting.step.stepId || state.attempt !== waiting.step.attempt) return null;
  if (state.substatus === waiting.substatus) return null;
  return {
    next: { ...state, substatus: waiting.substatus },
    timer: null,
    reachedStep: null,
    cause: `step ${waiting.step.stepId} ${waiting.substatus.replaceAll('_', ' ')} until ${waiting.waitUntil}`,
  };
}

/**
 * A channel refused to send because the recipient had halted after the step was fired: the halt
 * already put them where they belong, so only the timeline records that nothing went out.
 */
export function onStepSkipped(state: EnrollmentState, skipped: StepSkipped['payload']): Transition {
  return {
    next: state,
    timer: null,
    reachedStep: null,
    cause: `step ${skipped.step.stepId} (attempt ${skipped.step.attempt}) not sent by ${skipped.channel}: enrollment ${skipped.enrollmentStatus}; ${skipped.detail}`,
  };
}
