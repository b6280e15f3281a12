import type { RecipientAction, SequenceStatus } from '@stepwise/contracts';

// The matrix lives in libs/contracts so the dashboard offers exactly the actions enforced here.
export { ALLOWED_ACTIONS, RECIPIENT_ACTIONS, isAllowed, type RecipientAction } from '@stepwise/contracts';

/**
 * Actions that ask for the recipient's step to run now. While the sequence is paused (or archived)
 * nothing runs (seeds 001 and 004), so they are refused with a 409 that says so; skip_step is not
 * refused: the recipient moves on and waits on the next step, paused with the sequence.
 */
const RUN_NOW_ACTIONS: readonly RecipientAction[] = ['resume', 'resume_out_of_office', 'retry'];

export function sequenceStatusRefusal(
  action: RecipientAction,
  sequenceId: string,
  sequenceStatus: SequenceStatus,
): string | null {
  if (sequenceStatus === 'active' || !RUN_NOW_ACTIONS.includes(action)) return null;
  const hint = sequenceStatus === 'paused' ? ': resume the sequence first' : '';
  return `${action} is not allowed while sequence ${sequenceId} is ${sequenceStatus}${hint}`;
}
