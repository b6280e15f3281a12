import type { RecipientStatus } from '@stepwise/contracts';
import { z } from 'zod';

export const enrollmentRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once') }),
  z.object({ kind: z.literal('after_days'), days: z.number().int().min(1).max(3650) }),
  z.object({ kind: z.literal('exclusive'), onConflict: z.enum(['refuse', 'move']) }),
]);
export type EnrollmentRule = z.infer<typeof enrollmentRuleSchema>;

export interface ExistingEnrollment {
  id: string;
  recipientId: string;
  status: RecipientStatus;
  removed: boolean;
  /** When the recipient reached a final status in this sequence; null while running. */
  finishedAt: Date | null;
}

export interface ExclusiveEnrollment {
  id: string;
  recipientId: string;
  sequenceId: string;
  status: RecipientStatus;
}

/** What the sequence's enrollment rule makes of one recipient row. */
export type Admission =
  | { kind: 'refused'; reason: string }
  /** A new enrollment; `moveFrom` are the exclusive enrollments it stops (rule exclusive/move). */
  | { kind: 'new'; moveFrom: ExclusiveEnrollment[] }
  /** The recipient finished this sequence long enough ago: the same row starts a new run. */
  | { kind: 'again'; enrollmentId: string };

export interface KnownAboutRecipient {
  suppression?: string;
  existing?: ExistingEnrollment;
  /** Running enrollments in the tenant's other exclusive sequences. */
  exclusive: readonly ExclusiveEnrollment[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * once: a recipient joins a sequence one time. after_days N: again once they finished it more than
 * N days ago. exclusive: never in two exclusive sequences at once — refused, or moved over.
 */
export function admit(rule: EnrollmentRule, known: KnownAboutRecipient, now: Date): Admission {
  if (known.suppression) return { kind: 'refused', reason: `recipient is suppressed: ${known.suppression}` };
  const { existing } = known;
  if (existing?.removed) {
    return { kind: 'refused', reason: 'recipient was removed from this sequence and cannot be added back' };
  }
  if (existing && rule.kind === 'after_days' && existing.finishedAt) {
    if (now.getTime() - existing.finishedAt.getTime() > rule.days * DAY_MS) {
      return { kind: 'again', enrollmentId: existing.id };
    }
    return {
      kind: 'refused',
      reason: `recipient finished this sequence (status ${existing.status}) less than ${rule.days} days ago`,
    };
  }
  if (existing) return { kind: 'refused', reason: `recipient is already in this sequence (status ${existing.status})` };
  if (rule.kind === 'exclusive' && known.exclusive.length > 0) {
    if (rule.onConflict === 'move') return { kind: 'new', moveFrom: [...known.exclusive] };
    const other = known.exclusive[0];
    return {
      kind: 'refused',
      reason: `recipient is running in exclusive sequence ${other.sequenceId} (status ${other.status})`,
    };
  }
  return { kind: 'new', moveFrom: [] };
}
