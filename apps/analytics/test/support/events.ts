import {
  Topics,
  createEnvelope,
  sequencePublishedSchema,
  statusChangedSchema,
  stepOutcomeSchema,
  stepReachedSchema,
  type Channel,
  type OutcomeKind,
  type RecipientStatus,
  type StepOutcome,
  type StepType,
} from '@stepwise/contracts';
import { TENANT_A } from './analytics-harness';

// Every event gets a later occurredAt than the one before, as when services publish them in turn.
let clock = Date.parse('2026-11-25T09:00:00Z');
function tick(): Date {
  clock += 1000;
  return new Date(clock);
}

export interface StepSpec {
  stepId: string;
  type: StepType;
  branchId?: string;
  branchPath?: 'yes' | 'no';
}

export function sequencePublished(
  sequenceId: string,
  steps: readonly StepSpec[],
  options: { tenantId?: string; name?: string; openTrackingEnabled?: boolean; occurredAt?: Date } = {},
) {
  return createEnvelope(sequencePublishedSchema, {
    tenantId: options.tenantId ?? TENANT_A,
    key: sequenceId,
    occurredAt: options.occurredAt ?? tick(),
    payload: {
      sequenceId,
      name: options.name ?? `Sequence ${sequenceId}`,
      status: 'active',
      openTrackingEnabled: options.openTrackingEnabled ?? true,
      steps: steps.map((step, position) => ({ name: `Step ${step.stepId}`, position, ...step })),
      branches: [],
    },
  });
}

export function stepReached(
  sequenceId: string,
  step: StepSpec,
  enrollmentId: string,
  attempt = 1,
  occurredAt: Date = tick(),
) {
  return createEnvelope(stepReachedSchema, {
    tenantId: TENANT_A,
    key: enrollmentId,
    occurredAt,
    payload: { enrollmentId, sequenceId, stepId: step.stepId, stepType: step.type, attempt },
  });
}

const OUTCOME_TOPIC: Record<Channel, string> = {
  email: Topics.emailOutcomes,
  sms: Topics.smsOutcomes,
  social: Topics.socialOutcomes,
};

export function outcomeTopic(channel: Channel): string {
  return OUTCOME_TOPIC[channel];
}

export function outcome(
  sequenceId: string,
  stepId: string,
  enrollmentId: string,
  kind: OutcomeKind,
  extra: Partial<Omit<StepOutcome['payload'], 'step' | 'outcome'>> = {},
) {
  return createEnvelope(stepOutcomeSchema, {
    tenantId: TENANT_A,
    key: enrollmentId,
    occurredAt: tick(),
    payload: { step: { enrollmentId, sequenceId, stepId, attempt: 1 }, channel: 'email', outcome: kind, ...extra },
  });
}

export function statusChanged(
  sequenceId: string,
  enrollmentId: string,
  change: { to: RecipientStatus; stepId?: string; substatus?: string; from?: RecipientStatus },
) {
  return createEnvelope(statusChangedSchema, {
    tenantId: TENANT_A,
    key: enrollmentId,
    occurredAt: tick(),
    payload: {
      enrollmentId,
      sequenceId,
      recipientId: `recipient-${enrollmentId}`,
      from: change.from ?? 'in_progress',
      ...change,
    },
  });
}
