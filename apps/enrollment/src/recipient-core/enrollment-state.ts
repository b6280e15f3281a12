import type { Channel, ErrorType, RecipientStatus, StepFactsPayload } from '@stepwise/contracts';

/** What went wrong with a step, and what the user should do about it. */
export interface StepError {
  type: ErrorType | 'missing_data' | 'no_identity';
  message: string;
  suggestedFix: string;
}

/**
 * Per step id, what the recipient did with it: the facts branch conditions read and the interpreted
 * step facts enrollment publishes (StepFactsPayload: attempted, delivered, bounced, ...; see
 * step-facts.ts, the one place they are derived). `sent` marks a step its channel reported sent:
 * resuming after a pause moves on instead of resending it, and a reply from the public topic
 * answers the last step sent (reactions/answered-step.ts).
 */
export type StepFacts = Record<
  string,
  StepFactsPayload & {
    /** Soft bounces of the step so far: each one sends it again, until SOFT_BOUNCE_RETRIES ran out. */
    softBounces?: number;
    /** The channel reported the step failed after it was sent (an SMS the carrier could not deliver). */
    failed?: boolean;
    /** The channel whose outcomes the step's facts came from. */
    channel?: Channel;
    /** The step's last bounce, as its channel read it. */
    bounce?: { kind: 'hard' | 'soft'; reason?: string };
    /** Why the step is in error, while it is. */
    errorType?: string;
  }
>;

export function mergeFacts(all: StepFacts, stepId: string, facts: StepFacts[string]): StepFacts {
  return { ...all, [stepId]: { ...all[stepId], ...facts } };
}

/** The part of an enrollment row the state machine reads and writes. */
export interface EnrollmentState {
  id: string;
  tenantId: string;
  sequenceId: string;
  recipientId: string;
  status: RecipientStatus;
  substatus: string | null;
  currentNodeId: string | null;
  attempt: number;
  timerVersion: number;
  nextDueAt: Date | null;
  error: StepError | null;
  facts: StepFacts;
  /**
   * While paused: what was left of the delay the recipient was waiting out when the pause came, so
   * resuming waits only the rest. Null when not paused or when nothing was left to wait.
   */
  delayLeftMs: number | null;
}

export interface RecipientProfile {
  id: string;
  email: string | null;
  phone: string | null;
  linkedinProfile: string | null;
  timezone: string | null;
  variables: Record<string, string>;
}

/** When a sender identity works: ISO weekdays (1 = Monday), local HH:MM, dates off. */
export interface WorkingHours {
  days: number[];
  start: string;
  end: string;
  holidays?: string[];
}

export interface SenderIdentity {
  id: string;
  channel: 'email' | 'sms' | 'social';
  address: string;
  displayName: string | null;
  authState: 'ok' | 'auth_lost';
  /** IANA zone of the identity: where its working hours and its sending day are counted. */
  timezone: string;
  dailyLimit: number | null;
  /** Absent or null: the identity has no such cap. */
  hourlyLimit?: number | null;
  weeklyLimit?: number | null;
  workingHours: WorkingHours | null;
}

/** The halt rule's final statuses (libs/contracts), under the name this service's state machine uses. */
export { FINAL_STATUSES, isFinalStatus as isFinal } from '@stepwise/contracts';
