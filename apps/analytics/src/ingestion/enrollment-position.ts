import type { RecipientStatus } from '@stepwise/contracts';

/**
 * Where a recipient stands in its sequence, as the latest enrollment.status-changed says: the step it
 * is at and its status there. "Currently pending" and "currently overdue" are counted from it, and a
 * task is known to be completed when the recipient leaves its Pending Action for a later step.
 */
export interface Position {
  stepId: string | null;
  status: RecipientStatus;
  substatus: string | null;
  version: PositionVersion;
}

/**
 * Orders the status changes of one enrollment. They share one partition (keyed by enrollment id), so
 * the offset orders them even within one millisecond; occurredAt comes first so that the order
 * survives a partition-count increase, which moves a key to a partition with unrelated offsets.
 */
export interface PositionVersion {
  occurredAt: Date;
  offset: bigint;
}

export type PositionPhase = 'pending' | 'overdue';

/** Per step, how the number of recipients currently pending or overdue there changes. */
export interface PhaseDelta {
  stepId: string;
  pending: number;
  overdue: number;
}

export interface PositionAdvance {
  /** The position to store, or null when nothing in the batch is newer than what is stored. */
  latest: Position | null;
  phaseDeltas: PhaseDelta[];
  /** Pending Action steps the recipient left for a later step, and when: a task marked complete. */
  completions: { stepId: string; occurredAt: Date }[];
}

/** The substatus enrollment gives a Pending Action step whose due date passed. */
export const OVERDUE_SUBSTATUS = 'overdue';

const MOVES_ON: readonly RecipientStatus[] = ['in_progress', 'pending_action', 'completed'];

export function phaseOf(position: Position): PositionPhase | null {
  if (position.status !== 'pending_action' || position.stepId === null) return null;
  return position.substatus === OVERDUE_SUBSTATUS ? 'overdue' : 'pending';
}

export function isNewer(a: PositionVersion, b: PositionVersion): boolean {
  const at = a.occurredAt.getTime() - b.occurredAt.getTime();
  return at !== 0 ? at > 0 : a.offset > b.offset;
}

/**
 * Walks the stored position through the batch's status changes of one enrollment. Changes not newer
 * than the stored one (redeliveries, replays) are dropped, so running a batch twice changes nothing.
 */
export function advancePosition(stored: Position | null, changes: readonly Position[]): PositionAdvance {
  const newer = [...changes]
    .sort((a, b) => (isNewer(a.version, b.version) ? 1 : isNewer(b.version, a.version) ? -1 : 0))
    .filter((change) => !stored || isNewer(change.version, stored.version));
  const deltas = new Map<string, PhaseDelta>();
  const completions: PositionAdvance['completions'] = [];
  let previous = stored;
  for (const next of newer) {
    if (previous) {
      addPhase(deltas, previous, -1);
      if (completesTask(previous, next)) {
        completions.push({ stepId: previous.stepId as string, occurredAt: next.version.occurredAt });
      }
    }
    addPhase(deltas, next, +1);
    previous = next;
  }
  return {
    latest: newer.at(-1) ?? null,
    phaseDeltas: [...deltas.values()].filter((delta) => delta.pending !== 0 || delta.overdue !== 0),
    completions,
  };
}

function completesTask(previous: Position, next: Position): boolean {
  return phaseOf(previous) !== null && next.stepId !== previous.stepId && MOVES_ON.includes(next.status);
}

function addPhase(deltas: Map<string, PhaseDelta>, position: Position, sign: 1 | -1): void {
  const phase = phaseOf(position);
  if (!phase || position.stepId === null) return;
  const delta = deltas.get(position.stepId) ?? { stepId: position.stepId, pending: 0, overdue: 0 };
  delta[phase] += sign;
  deltas.set(position.stepId, delta);
}
