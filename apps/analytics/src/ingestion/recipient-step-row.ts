import type { StepFactsPayload } from '@stepwise/contracts';

/**
 * The step facts analytics stores per recipient and step, in the order of their bits in the packed
 * flags (the first ones keep the bit positions stored before pending and overdue were added).
 */
export const RECIPIENT_FLAGS = [
  'reached',
  'attempted',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'replied',
  'outOfOffice',
  'bounced',
  'unsubscribed',
  'invited',
  'accepted',
  'skipped',
  'completed',
  'errored',
  'halted',
  'pending',
  'overdue',
] as const satisfies readonly (keyof StepFactsPayload)[];

export type RecipientFlag = (typeof RECIPIENT_FLAGS)[number];

/** Identifies one step_recipient row: a distinct recipient (enrollment) at one step of a sequence. */
export interface RecipientStepKey {
  sequenceId: string;
  stepId: string;
  enrollmentId: string;
}

/**
 * Orders the events of one enrollment. They share one partition (keyed by enrollment id), so the
 * offset orders them even within one millisecond; occurredAt comes first so that the order survives
 * a partition-count increase, which moves a key to a partition with unrelated offsets.
 */
export interface EventVersion {
  occurredAt: Date;
  offset: bigint;
}

/** A recipient's facts at a step as one enrollment.transitioned states them, and which event did. */
export interface RecipientStepRow extends RecipientStepKey {
  /** Bit i = RECIPIENT_FLAGS[i]. */
  flags: number;
  version: EventVersion;
}

export function flagBits(facts: StepFactsPayload): number {
  return RECIPIENT_FLAGS.reduce((bits, flag, bit) => (facts[flag] ? bits | (1 << bit) : bits), 0);
}

export function isNewer(a: EventVersion, b: EventVersion): boolean {
  const at = a.occurredAt.getTime() - b.occurredAt.getTime();
  return at !== 0 ? at > 0 : a.offset > b.offset;
}

/**
 * One row per key, the newest event's: Postgres refuses to update a row twice in one INSERT ... ON
 * CONFLICT, and an event's facts replace those of any older one.
 */
export function newestRows(rows: readonly RecipientStepRow[]): RecipientStepRow[] {
  const byKey = new Map<string, RecipientStepRow>();
  for (const row of rows) {
    const key = `${row.sequenceId}\u0000${row.stepId}\u0000${row.enrollmentId}`;
    const seen = byKey.get(key);
    if (!seen || isNewer(row.version, seen.version)) byKey.set(key, row);
  }
  return [...byKey.values()];
}
