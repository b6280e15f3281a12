import {
  createEnvelope,
  stepOutcomeSchema,
  type Channel,
  type OutcomeKind,
  type StepAttempt,
  type StepOutcome,
} from '@stepwise/contracts';
import type { StepFailure } from './step-failure';

/**
 * The facts an outcome can carry besides its kind and error (bounce type, return date, machine
 * flag, a sent that is also delivered).
 */
export type OutcomeDetails = Partial<
  Pick<StepOutcome['payload'], 'bounce' | 'outOfOfficeUntil' | 'machineGenerated' | 'inbound' | 'delivered'>
>;

export interface OutcomeInput {
  channel: Channel;
  tenantId: string;
  step: StepAttempt;
  outcome: OutcomeKind;
  providerMessageId?: string;
  failure?: StepFailure;
  details?: OutcomeDetails;
  /** When it happened, if not now (several outcomes of one settle share one time). */
  occurredAt?: Date;
}

/** The contract caps error texts; a long list of missing variables must not make the event invalid. */
const ERROR_TEXT_LIMIT = 2000;

/** A step.outcome keyed by the enrollment, so it stays ordered with everything else about the recipient. */
export function outcomeEnvelope(input: OutcomeInput): StepOutcome {
  return createEnvelope(stepOutcomeSchema, {
    tenantId: input.tenantId,
    key: input.step.enrollmentId,
    occurredAt: input.occurredAt,
    payload: {
      ...input.details,
      step: input.step,
      channel: input.channel,
      outcome: input.outcome,
      providerMessageId: input.providerMessageId,
      error: input.failure && {
        type: input.failure.type,
        message: clip(input.failure.message),
        suggestedFix: clip(input.failure.suggestedFix),
      },
    },
  });
}

function clip(text: string): string {
  return text.length <= ERROR_TEXT_LIMIT ? text : `${text.slice(0, ERROR_TEXT_LIMIT - 1)}…`;
}
