import type { RecipientStatus } from '@stepwise/contracts';

export const RECIPIENT_ACTIONS = [
  'pause',
  'resume',
  'resume_out_of_office',
  'skip_step',
  'retry',
  'mark_completed',
  'stop',
  'delete',
] as const;
export type RecipientAction = (typeof RECIPIENT_ACTIONS)[number];

/**
 * Which action each status allows: the matrix of the product reference (seed 001), plus retry of
 * an errored step, marking Completed early and resuming from out-of-office. docs/status-matrix.md
 * shows the same table; a test walks every cell of it.
 */
export const ALLOWED_ACTIONS: Record<RecipientStatus, readonly RecipientAction[]> = {
  not_started: ['pause', 'stop', 'delete', 'mark_completed'],
  in_progress: ['pause', 'skip_step', 'stop', 'delete', 'mark_completed'],
  pending_action: ['pause', 'skip_step', 'stop', 'delete', 'mark_completed'],
  paused: ['resume', 'resume_out_of_office', 'stop', 'delete'],
  error: ['pause', 'skip_step', 'retry', 'stop', 'delete', 'mark_completed'],
  completed: ['delete'],
  bounced: ['delete'],
  replied: ['delete'],
  stopped: ['delete'],
  unsubscribed: ['delete'],
  not_sent: ['delete'],
};

export function isAllowed(status: RecipientStatus, action: RecipientAction): boolean {
  return ALLOWED_ACTIONS[status].includes(action);
}
