import type { RecipientStatus } from './messages/enrollment-events';

/**
 * "Never a message after a reply or a stop", as one rule for the service that decides it
 * (enrollment) and the ones that enforce it before calling a provider (the channels). Type-only
 * imports: no runtime dependency, like actions.ts.
 */

/** Statuses a run never leaves: nothing of it is ever sent again. */
export const FINAL_STATUSES = [
  'bounced',
  'completed',
  'replied',
  'stopped',
  'unsubscribed',
  'not_sent',
] as const satisfies readonly RecipientStatus[];
export type FinalStatus = (typeof FINAL_STATUSES)[number];

export function isFinalStatus(status: RecipientStatus): status is FinalStatus {
  return (FINAL_STATUSES as readonly RecipientStatus[]).includes(status);
}

/** A status that stops sends: final ones for good, a pause until the recipient is resumed. */
export function isHaltingStatus(status: RecipientStatus): boolean {
  return isFinalStatus(status) || status === 'paused';
}

/** What a channel knows of one halted enrollment (the halt feed's latest message for it). */
export interface Halt {
  status: RecipientStatus;
  /** When the enrollment halted. */
  since: Date;
  /** The enrollment's attempt counter when it halted: every step planned before carries at most this. */
  attempt: number;
}

/** The step a channel is about to send: when the dispatcher fired it, and under which attempt. */
export interface StepFiring {
  firedAt: Date;
  attempt: number;
}

/**
 * May this step still be sent? A final status refuses it, a pause refuses a step fired before the
 * pause. A step under a later attempt than the halt's was planned after the halt (a resume or a
 * new enrollment of the same recipient takes a new attempt), so the halt does not concern it,
 * even when the message lifting the halt has not been read yet. A step fired after a pause is
 * the resumed one for the same reason: the resume's message may still be on its way.
 */
export function maySendStep(halt: Halt | null | undefined, step: StepFiring): boolean {
  if (!halt || !isHaltingStatus(halt.status)) return true;
  if (step.attempt > halt.attempt) return true;
  if (isFinalStatus(halt.status)) return false;
  return step.firedAt.getTime() > halt.since.getTime();
}
