import {
  isFinalStatus,
  isHaltingStatus,
  maySendStep,
  type EnrollmentHalt,
  type RecipientStatus,
} from '@stepwise/contracts';

/** What a channel knows of one halted enrollment, from the halt feed's latest message for it. */
export interface EnrollmentStatusFact {
  enrollmentId: string;
  status: RecipientStatus;
  final: boolean;
  /** When the enrollment halted. */
  changedAt: Date;
  /** The enrollment's attempt counter then: later attempts were planned after the halt. */
  attempt: number;
}

/** One message of the halt feed as the channel stores it: where it sits on the feed orders it. */
export interface HaltFeedEntry {
  enrollmentId: string;
  /** Null: not halted any more. */
  halt: EnrollmentStatusFact | null;
  attempt: number;
  partition: number;
  offset: bigint;
}

export function feedEntryOf(message: EnrollmentHalt, partition: number, offset: string): HaltFeedEntry {
  const { enrollmentId, attempt, halt } = message.payload;
  const status = halt && isHaltingStatus(halt.status) ? halt.status : null;
  return {
    enrollmentId,
    attempt,
    partition,
    offset: BigInt(offset),
    halt:
      halt && status
        ? { enrollmentId, status, final: isFinalStatus(status), changedAt: new Date(halt.since), attempt }
        : null,
  };
}

export function isHalting(fact: Pick<EnrollmentStatusFact, 'status'>): boolean {
  return isHaltingStatus(fact.status);
}

/** Whether a step fired at `firedAt` under `attempt` must not be sent: the contracts' halt rule. */
export function refusesStepFiredAt(fact: EnrollmentStatusFact | undefined, firedAt: Date, attempt: number): boolean {
  if (!fact) return false;
  return !maySendStep({ status: fact.status, since: fact.changedAt, attempt: fact.attempt }, { firedAt, attempt });
}
