import { Topics, createEnvelope, stepOutcomeSchema, type ErrorType, type StepAttempt } from '@stepwise/contracts';
import type { OutboxMessage } from '@stepwise/outbox';

export interface OutcomeError {
  type: ErrorType;
  message: string;
  suggestedFix: string;
}

interface OutcomeContext {
  tenantId: string;
  step: StepAttempt;
  providerMessageId: string;
}

/**
 * `sent` then `delivered`, in that order on the recipient's partition. Delivered means the next
 * hop accepted the message with a 250, nothing more: a bounce arriving later corrects it.
 */
export function acceptedOutcomes(context: OutcomeContext, occurredAt: Date): OutboxMessage[] {
  return [outcome(context, 'sent', occurredAt), outcome(context, 'delivered', occurredAt)];
}

export function failedOutcome(context: OutcomeContext, error: OutcomeError, occurredAt: Date): OutboxMessage {
  return outcome(context, 'failed', occurredAt, error);
}

function outcome(
  context: OutcomeContext,
  kind: 'sent' | 'delivered' | 'failed',
  occurredAt: Date,
  error?: OutcomeError,
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
        ...(error ? { error } : {}),
      },
    }),
  };
}
