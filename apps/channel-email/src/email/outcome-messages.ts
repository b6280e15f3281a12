import { Topics, type OutcomeKind, type StepAttempt } from '@stepwise/contracts';
import { outcomeEnvelope, type OutcomeDetails, type StepFailure } from '@stepwise/channel-kit';
import type { OutboxMessage } from '@stepwise/outbox';

/** Why an email attempt failed, as the recruiter reads it: the channels' StepFailure. */
export type OutcomeError = StepFailure;

export interface OutcomeContext {
  tenantId: string;
  step: StepAttempt;
  providerMessageId: string;
}

/** The optional facts an outcome can carry besides its kind (error, bounce type, return date, machine flag). */
export type EmailOutcomeDetails = OutcomeDetails & { error?: OutcomeError };

/**
 * One step.outcome of an email attempt read from inbound mail or tracking (the channel kit's
 * envelope), ready for the outbox. The send's own outcome is the kit's: one `sent` marked delivered.
 */
export function emailOutcome(
  context: OutcomeContext,
  kind: OutcomeKind,
  occurredAt: Date,
  { error, ...details }: EmailOutcomeDetails = {},
): OutboxMessage {
  return {
    topic: Topics.emailOutcomes,
    envelope: outcomeEnvelope({ channel: 'email', outcome: kind, occurredAt, failure: error, details, ...context }),
  };
}
