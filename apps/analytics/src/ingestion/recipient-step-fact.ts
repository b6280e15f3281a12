import { joinFlags, type RecipientStepFlags } from './recipient-step-flags';

/** Identifies one step_recipient row: a distinct recipient (enrollment) at one step of a sequence. */
export interface RecipientStepKey {
  sequenceId: string;
  stepId: string;
  enrollmentId: string;
}

/** What one event says about a recipient at a step. */
export interface RecipientStepFact extends RecipientStepKey {
  flags: RecipientStepFlags;
  occurredAt: Date;
}

/**
 * One fact per row: Postgres refuses to update a row twice in one INSERT ... ON CONFLICT, and the
 * database does less work. Joining is order-free, so the batch's order does not matter.
 */
export function foldFacts(facts: readonly RecipientStepFact[]): RecipientStepFact[] {
  const byRow = new Map<string, RecipientStepFact>();
  for (const fact of facts) {
    const key = `${fact.sequenceId}\u0000${fact.stepId}\u0000${fact.enrollmentId}`;
    const seen = byRow.get(key);
    byRow.set(
      key,
      seen
        ? {
            ...seen,
            flags: joinFlags(seen.flags, fact.flags),
            occurredAt: seen.occurredAt <= fact.occurredAt ? seen.occurredAt : fact.occurredAt,
          }
        : fact,
    );
  }
  return [...byRow.values()];
}
