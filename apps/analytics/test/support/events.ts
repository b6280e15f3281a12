import {
  createEnvelope,
  enrollmentTransitionedSchema,
  sequencePublishedSchema,
  type Channel,
  type EnrollmentTransitioned,
  type RecipientStatus,
  type StepFactsPayload,
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

/**
 * What enrollment has published so far of each recipient's steps: its events carry a step's facts
 * complete, so the helpers below add to these and publish the step's facts as they now are.
 */
const published = new Map<string, StepFactsPayload>();

function stepRecord(enrollmentId: string, stepId: string, facts: StepFactsPayload, channel?: Channel): StepRecord {
  const key = `${enrollmentId}/${stepId}`;
  const merged: StepFactsPayload = { ...published.get(key), ...facts };
  for (const name of Object.keys(merged) as (keyof StepFactsPayload)[]) if (!merged[name]) delete merged[name];
  published.set(key, merged);
  return { stepId, facts: merged, ...(channel ? { channel } : {}) };
}

type StepRecord = EnrollmentTransitioned['payload']['steps'][number];

function transitioned(
  sequenceId: string,
  enrollmentId: string,
  payload: Pick<EnrollmentTransitioned['payload'], 'steps'> &
    Partial<Pick<EnrollmentTransitioned['payload'], 'status' | 'reachedStep'>>,
  occurredAt: Date = tick(),
) {
  return createEnvelope(enrollmentTransitionedSchema, {
    tenantId: TENANT_A,
    key: enrollmentId,
    occurredAt,
    payload: { enrollmentId, sequenceId, recipientId: `recipient-${enrollmentId}`, ...payload },
  });
}

/** Enrollment queued the recipient for the step (again, for a retry). */
export function stepReached(
  sequenceId: string,
  step: StepSpec,
  enrollmentId: string,
  attempt = 1,
  occurredAt: Date = tick(),
) {
  return transitioned(
    sequenceId,
    enrollmentId,
    {
      reachedStep: { stepId: step.stepId, stepType: step.type, attempt },
      steps: [stepRecord(enrollmentId, step.stepId, { reached: true })],
    },
    occurredAt,
  );
}

/**
 * Enrollment's interpretation of what happened at the step (an outcome of `channel`, a task done):
 * the facts it adds, or with `false` takes back (a hard bounce after a delivery is no delivery).
 */
export function stepFacts(
  sequenceId: string,
  stepId: string,
  enrollmentId: string,
  facts: StepFactsPayload,
  channel: Channel = 'email',
) {
  return transitioned(sequenceId, enrollmentId, { steps: [stepRecord(enrollmentId, stepId, facts, channel)] });
}

/** A status change, with the step facts it changed (the step it halted, the task it completed...). */
export function statusChanged(
  sequenceId: string,
  enrollmentId: string,
  change: {
    to: RecipientStatus;
    stepId?: string;
    substatus?: string;
    from?: RecipientStatus;
    answeredStepId?: string;
    replyChannel?: Channel;
  },
  steps: Record<string, StepFactsPayload> = {},
) {
  return transitioned(sequenceId, enrollmentId, {
    status: { from: change.from ?? 'in_progress', ...change },
    steps: Object.entries(steps).map(([stepId, facts]) => stepRecord(enrollmentId, stepId, facts)),
  });
}
