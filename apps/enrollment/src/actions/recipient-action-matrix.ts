import type { RecipientStatus } from '@stepwise/contracts';
import type { SequenceStatus } from '../sequence/sequence-catalog';

export const RECIPIENT_ACTIONS = [
  'pause',
  'resume',
  'resume_out_of_office',
  'skip_step',
  'retry',
  'mark_completed',
  'mark_interested',
  'stop',
  'delete',
] as const;
export type RecipientAction = (typeof RECIPIENT_ACTIONS)[number];

/**
 * Which action each status allows: the matrix of the product reference (seed 001), plus retry of
 * an errored step, marking Completed early (also from Paused: seed 004), resuming from
 * out-of-office and marking a response Interested (seed 003). docs/status-matrix.md
 * shows the same table; a test walks every cell of it.
 */
export const ALLOWED_ACTIONS: Record<RecipientStatus, readonly RecipientAction[]> = {
  not_started: ['pause', 'stop', 'delete', 'mark_completed'],
  in_progress: ['pause', 'skip_step', 'stop', 'delete', 'mark_completed'],
  pending_action: ['pause', 'skip_step', 'stop', 'delete', 'mark_completed'],
  // Seed 004: finish a paused recipient without resuming it.
  paused: ['resume', 'resume_out_of_office', 'stop', 'delete', 'mark_completed'],
  error: ['pause', 'skip_step', 'retry', 'stop', 'delete', 'mark_completed'],
  completed: ['delete'],
  bounced: ['delete'],
  // Seed 003: a recruiter marks the response Interested later, whatever the first reply's sentiment.
  replied: ['delete', 'mark_interested'],
  stopped: ['delete'],
  unsubscribed: ['delete'],
  not_sent: ['delete'],
};

export function isAllowed(status: RecipientStatus, action: RecipientAction): boolean {
  return ALLOWED_ACTIONS[status].includes(action);
}

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
