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
import type { HaltFeedBarrier } from './halt-feed-barrier';

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

/** Reads of one last look at most, while halts keep arriving during it. */
const STABLE_LOOK_ROUNDS = 3;

/** A step on its way to the provider, as the last look sees it. */
export interface LastLookItem {
  step: StepAttempt;
  /** When the dispatcher fired it; absent for a held message released later (any halt holds it). */
  firedAt?: Date;
  halt?: EnrollmentStatusFact;
}

/**
 * "Never a message after a reply or a stop": looks at the recipient before the claim, and once
 * more right before the provider is called. Both looks read the channel's copy of the halt feed
 * after a read barrier: every halt published when the look began is in it. Steps refused before
 * the claim are not claimed, so a paused recipient's step can be sent when resumed.
 */
export class HaltedEnrollmentScreen {
  constructor(
    private readonly statuses: EnrollmentStatusRepository,
    private readonly barrier: HaltFeedBarrier,
  ) {}

  async screen<D extends StepDue>(dues: readonly D[]): Promise<Screened<D>> {
    await this.barrier.reached();
    const facts = await this.statuses.find(dues.map((due) => due.payload.step.enrollmentId));
    const result: Screened<D> = { sendable: [], skipped: [] };
    for (const due of dues) {
      const { step, firedAt } = due.payload;
      const fact = facts.get(step.enrollmentId);
      if (fact && refusesStepFiredAt(fact, new Date(firedAt), step.attempt)) {
        result.skipped.push({ step, tenantId: due.tenantId, status: fact.status });
      } else {
        result.sendable.push(due);
      }
    }
    return result;
  }

  /**
   * The look right before one provider call begins (each retry included): a stop that landed
   * after the claim, whose API call answered once the halt was on the feed, is seen here. Calls
   * that ask while a look is running share the next one, which starts after they asked: one
   * barrier and one query per wave of calls, not per call. Returns the halt refusing the step.
   */
  async lookBeforeCall(item: LastLookItem): Promise<EnrollmentStatusFact | null> {
    const facts = await this.nextLook(item.step.enrollmentId);
    const fact = facts.get(item.step.enrollmentId);
    if (!fact || !refusesStepFiredAt(fact, item.firedAt ?? new Date(0), item.step.attempt)) return null;
    return fact;
  }

  private queued: { ids: Set<string>; look: Promise<Map<string, EnrollmentStatusFact>> } | null = null;
  private running: Promise<unknown> = Promise.resolve();

  private nextLook(enrollmentId: string): Promise<Map<string, EnrollmentStatusFact>> {
    if (!this.queued) {
      const ids = new Set<string>();
      const look = this.running
        .catch(() => undefined)
        .then(async () => {
          this.queued = null;
          return this.stableLook([...ids]);
        });
      this.running = look;
      this.queued = { ids, look };
    }
    this.queued.ids.add(enrollmentId);
    return this.queued.look;
  }

  /**
   * Reads the halts after the barrier, and reads again while halts were appended to the feed
   * during the read (a few times at most): the answer then holds at its end, not only at its
   * start, which leaves the provider call the shortest window.
   */
  private async stableLook(ids: string[]): Promise<Map<string, EnrollmentStatusFact>> {
    for (let round = 1; ; round++) {
      const ends = await this.barrier.reached();
      const facts = await this.statuses.find(ids);
      if (round >= STABLE_LOOK_ROUNDS || (await this.barrier.unchangedSince(ends))) return facts;
    }
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
