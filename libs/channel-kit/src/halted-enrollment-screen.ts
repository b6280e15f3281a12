import type { PoolClient } from 'pg';
import {
  createEnvelope,
  stepSkippedSchema,
  Topics,
  type Channel,
  type RecipientStatus,
  type StepAttempt,
  type StepDue,
} from '@stepwise/contracts';
import { appendToOutbox } from '@stepwise/outbox';
import { isHalting, refusesStepFiredAt, type EnrollmentStatusFact } from './enrollment-halt';
import type { EnrollmentStatusRepository } from './enrollment-status.repository';

/** A step attempt not sent because its enrollment halted after the step was fired. */
export interface SkippedStep {
  step: StepAttempt;
  tenantId: string;
  status: RecipientStatus;
}

export interface Screened<D> {
  sendable: D[];
  skipped: SkippedStep[];
}

/**
 * "Never a message after a reply or a stop": the last look at the recipient before the provider
 * is called. Refused steps are not claimed, so a paused recipient's step can be sent when resumed.
 */
export class HaltedEnrollmentScreen {
  constructor(private readonly statuses: EnrollmentStatusRepository) {}

  async screen<D extends StepDue>(dues: readonly D[]): Promise<Screened<D>> {
    const facts = await this.statuses.find(dues.map((due) => due.payload.step.enrollmentId));
    const result: Screened<D> = { sendable: [], skipped: [] };
    for (const due of dues) {
      const { step, firedAt } = due.payload;
      const fact = facts.get(step.enrollmentId);
      if (fact && refusesStepFiredAt(fact, new Date(firedAt))) {
        result.skipped.push({ step, tenantId: due.tenantId, status: fact.status });
      } else {
        result.sendable.push(due);
      }
    }
    return result;
  }

  /** The enrollments halted right now, for messages held back since before (waiting to connect). */
  async currentHalts(enrollmentIds: readonly string[]): Promise<Map<string, EnrollmentStatusFact>> {
    const facts = await this.statuses.find(enrollmentIds);
    return new Map([...facts].filter(([, fact]) => isHalting(fact)));
  }
}

/** Announces the skipped steps (step.skipped), inside the caller's transaction. */
export function appendSkipNotices(client: PoolClient, channel: Channel, skipped: readonly SkippedStep[]) {
  return appendToOutbox(
    client,
    skipped.map((s) => ({
      topic: Topics.stepNotices,
      envelope: createEnvelope(stepSkippedSchema, {
        tenantId: s.tenantId,
        key: s.step.enrollmentId,
        payload: {
          step: s.step,
          channel,
          reason: 'enrollment_halted',
          enrollmentStatus: s.status,
          detail: `Not sent: the recipient was ${s.status.replace('_', ' ')} after the step was fired.`,
        },
      }),
    })),
  );
}
