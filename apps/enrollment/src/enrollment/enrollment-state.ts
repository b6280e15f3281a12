import type { ErrorType, RecipientStatus } from '@stepwise/contracts';

/** What went wrong with a step, and what the user should do about it. */
export interface StepError {
  type: ErrorType | 'missing_data' | 'no_identity';
  message: string;
  suggestedFix: string;
}

/** Per step id, what the recipient did with it: the facts branch conditions read. */
export type StepFacts = Record<string, { opened?: boolean; clicked?: boolean; replied?: boolean; accepted?: boolean }>;

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
}

export interface RecipientProfile {
  id: string;
  email: string | null;
  phone: string | null;
  linkedinProfile: string | null;
  timezone: string | null;
  variables: Record<string, string>;
}

export interface SenderIdentity {
  id: string;
  channel: 'email' | 'sms' | 'social';
  address: string;
  displayName: string | null;
  authState: 'ok' | 'auth_lost';
}

/** Statuses after which nothing is ever sent again. */
export const FINAL_STATUSES: readonly RecipientStatus[] = [
  'bounced',
  'completed',
  'replied',
  'stopped',
  'unsubscribed',
  'not_sent',
];

export function isFinal(status: RecipientStatus): boolean {
  return FINAL_STATUSES.includes(status);
}
