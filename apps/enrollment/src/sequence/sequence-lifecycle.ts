import { ConflictException } from '@nestjs/common';
import type { SequenceStatus } from './sequence-catalog';

export const SEQUENCE_ACTIONS = ['launch', 'edit', 'pause', 'resume', 'duplicate', 'archive', 'delete'] as const;
export type SequenceAction = (typeof SEQUENCE_ACTIONS)[number];

/**
 * The statuses each sequence action is allowed from (seed 002: edit, pause, duplicate, archive,
 * delete). Archived sequences are read-only but can still be copied; only drafts and archived
 * sequences can be deleted, so a running sequence is always archived (its recipients stopped) first.
 */
const ALLOWED_FROM: Record<SequenceAction, readonly SequenceStatus[]> = {
  launch: ['draft'],
  edit: ['draft', 'active', 'paused'],
  pause: ['active'],
  resume: ['paused'],
  duplicate: ['draft', 'active', 'paused', 'archived'],
  archive: ['draft', 'active', 'paused'],
  delete: ['draft', 'archived'],
};

export function isSequenceActionAllowed(status: SequenceStatus, action: SequenceAction): boolean {
  return ALLOWED_FROM[action].includes(status);
}

/** A 409 naming the sequence's status and the refused action. */
export function sequenceConflict(
  status: SequenceStatus,
  action: SequenceAction,
  message = `${action} is not allowed for a sequence in status ${status}`,
): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message, status, action });
}

export function assertSequenceActionAllowed(status: SequenceStatus, action: SequenceAction): void {
  if (!isSequenceActionAllowed(status, action)) throw sequenceConflict(status, action);
}
