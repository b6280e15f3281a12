import type { Channel, RecipientStatus, StepType, TimerAction } from '@stepwise/contracts';
import type { EnrollmentState, StepError } from './enrollment-state';

/** A timer change that goes to the dispatcher with the transition's new timer version. */
export type TimerChange = { kind: 'schedule'; dueAt: Date; action: TimerAction } | { kind: 'cancel' };

/**
 * The result of one reaction: the new state, the timer change it implies and what to announce.
 * Persisting a transition (state row, timeline row, outbox rows) is one transaction.
 */
export interface Transition {
  next: EnrollmentState;
  timer: TimerChange | null;
  reachedStep: { stepId: string; stepType: StepType } | null;
  /** A change to Replied: the channel the reply came on, announced with the status change. */
  replyChannel?: Channel;
  /** Recorded on the timeline even though the status stays (a failure reported after the send). */
  noteOnTimeline?: boolean;
  /** The step the recipient left on the way, and how: readers count Completed and Skipped from it. */
  resolvedStep?: { stepId: string; resolution: 'completed' | 'skipped' };
  cause: string;
}

export interface StatusChange {
  status: RecipientStatus;
  substatus?: string | null;
  currentNodeId?: string | null;
  error?: StepError | null;
  nextDueAt?: Date | null;
  attempt?: number;
  /** When the change happens: a pause measures the delay left from it. */
  now?: Date;
}

/** Substatuses of a recipient waiting for its step's timer: a pause keeps what is left of it. */
const WAITING_ON_TIMER = new Set(['scheduled', 'waiting_for_delay', 'outside_working_hours', 'identity_limit_reached']);

function delayLeftMs(state: EnrollmentState, change: StatusChange): number | null {
  if (change.status !== 'paused') return null;
  if (state.status === 'paused') return state.delayLeftMs;
  if (state.status !== 'in_progress' || !state.nextDueAt || !WAITING_ON_TIMER.has(state.substatus ?? '')) return null;
  return Math.max(0, state.nextDueAt.getTime() - (change.now ?? new Date()).getTime());
}

/** Applies a status change; any timer pending under the old state is cancelled unless replaced. */
export function transitionTo(
  state: EnrollmentState,
  change: StatusChange,
  cause: string,
  timer: TimerChange | null = null,
  reachedStep: Transition['reachedStep'] = null,
): Transition {
  const hadTimer = state.nextDueAt !== null;
  const effectiveTimer = timer ?? (hadTimer ? ({ kind: 'cancel' } as const) : null);
  return {
    next: {
      ...state,
      status: change.status,
      substatus: change.substatus ?? null,
      currentNodeId: change.currentNodeId === undefined ? state.currentNodeId : change.currentNodeId,
      error: change.error ?? null,
      attempt: change.attempt ?? state.attempt,
      nextDueAt: effectiveTimer?.kind === 'schedule' ? effectiveTimer.dueAt : null,
      timerVersion: effectiveTimer ? state.timerVersion + 1 : state.timerVersion,
      delayLeftMs: delayLeftMs(state, change),
    },
    timer: effectiveTimer,
    reachedStep,
    cause,
  };
}
