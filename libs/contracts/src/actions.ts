import type { StepType } from './domain';
import type { RecipientStatus } from './messages/enrollment-events';

export type { RecipientStatus, StepType };

/**
 * The action rules, in one place for the service that enforces them (enrollment) and the screens
 * that offer them (dashboard). Type-only imports keep this file free of runtime dependencies, so a
 * browser bundle can take it without zod or node modules.
 */

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

/** `deleted` rows stay (their recipients' history does) but are never served by the API. */
export type SequenceStatus = 'draft' | 'active' | 'paused' | 'archived' | 'deleted';

export const SEQUENCE_ACTIONS = ['launch', 'edit', 'pause', 'resume', 'duplicate', 'archive', 'delete'] as const;
export type SequenceAction = (typeof SEQUENCE_ACTIONS)[number];

/**
 * The statuses each sequence action is allowed from (seed 002: edit, pause, duplicate, archive,
 * delete). Archived sequences are read-only but can still be copied; only drafts and archived
 * sequences can be deleted, so a running sequence is always archived (its recipients stopped) first.
 */
const SEQUENCE_ACTION_ALLOWED_FROM: Record<SequenceAction, readonly SequenceStatus[]> = {
  launch: ['draft'],
  edit: ['draft', 'active', 'paused'],
  pause: ['active'],
  resume: ['paused'],
  duplicate: ['draft', 'active', 'paused', 'archived'],
  archive: ['draft', 'active', 'paused'],
  delete: ['draft', 'archived'],
};

export function isSequenceActionAllowed(status: SequenceStatus, action: SequenceAction): boolean {
  return SEQUENCE_ACTION_ALLOWED_FROM[action].includes(status);
}
