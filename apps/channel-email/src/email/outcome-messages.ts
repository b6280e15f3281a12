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
 * `sent` then `delivered`, in that order on the recipient's partition. Delivered means the next
 * hop accepted the message with a 250, nothing more: a bounce arriving later corrects it.
 */
export function acceptedOutcomes(context: OutcomeContext, occurredAt: Date): OutboxMessage[] {
  return [emailOutcome(context, 'sent', occurredAt), emailOutcome(context, 'delivered', occurredAt)];
}

export function failedOutcome(context: OutcomeContext, error: OutcomeError, occurredAt: Date): OutboxMessage {
  return emailOutcome(context, 'failed', occurredAt, { error });
}

/** One step.outcome of an email attempt (the channel kit's envelope), ready for the outbox. */
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
