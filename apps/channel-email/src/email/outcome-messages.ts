import {
  Topics,
  createEnvelope,
  stepOutcomeSchema,
  type ErrorType,
  type OutcomeKind,
  type StepAttempt,
  type StepOutcome,
} from '@stepwise/contracts';
import type { OutboxMessage } from '@stepwise/outbox';

export interface OutcomeError {
  type: ErrorType;
  message: string;
  suggestedFix: string;
}

export interface OutcomeContext {
  tenantId: string;
  step: StepAttempt;
  providerMessageId: string;
}

/** The optional facts an outcome can carry besides its kind (error, bounce type, return date, machine flag). */
export type OutcomeDetails = Partial<
  Pick<StepOutcome['payload'], 'error' | 'bounce' | 'outOfOfficeUntil' | 'machineGenerated'>
>;

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

/** One step.outcome of an email attempt, keyed by its enrollment, ready for the outbox. */
export function emailOutcome(
  context: OutcomeContext,
  kind: OutcomeKind,
  occurredAt: Date,
  details: OutcomeDetails = {},
): OutboxMessage {
  return {
    topic: Topics.emailOutcomes,
    envelope: createEnvelope(stepOutcomeSchema, {
      tenantId: context.tenantId,
      key: context.step.enrollmentId,
      occurredAt,
      payload: {
        step: context.step,
        channel: 'email',
        outcome: kind,
        providerMessageId: context.providerMessageId,
        ...details,
      },
    }),
  };
}
