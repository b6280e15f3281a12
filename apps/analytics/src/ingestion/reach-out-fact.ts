import type { ConsumedMessage } from '@stepwise/kafka';
import { reachOutBits, type ReachOutFlag } from '../reach-out-counters';
import type { TransitionedMessage } from './analytics-message';

/**
 * The step a recipient was last queued for. The events of one enrollment share a partition, so
 * (occurredAt, offset) orders them.
 */
export interface CurrentStep {
  stepId: string;
  occurredAt: Date;
  offset: bigint;
}

/** What one event says about one enrollment as a whole. */
export interface ReachOutFact {
  enrollmentId: string;
  tenantId: string;
  sequenceId: string;
  /** When the reach out was created: the occurredAt of an event that reached a step; null for others. */
  createdAt: Date | null;
  flags: number;
  step: CurrentStep | null;
}

/**
 * What one enrollment.transitioned says about the enrollment as a whole: a reached step creates the
 * reach out and moves its current step; the status and the step facts (as enrollment interpreted
 * them) add milestone flags, by the channel the facts came from.
 */
export function transitionedReachOut({ envelope, offset }: ConsumedMessage<TransitionedMessage>): ReachOutFact | null {
  const { enrollmentId, sequenceId, status, reachedStep, steps } = envelope.payload;
  const occurredAt = new Date(envelope.occurredAt);
  const flags = [
    ...(status ? statusFlags(status) : []),
    ...steps.flatMap(stepFlags),
    ...(reachedStep?.stepType.startsWith('linkedin_') ? (['linkedinEngaged'] as const) : []),
  ];
  if (!reachedStep && flags.length === 0) return null;
  return {
    enrollmentId,
    tenantId: envelope.tenantId,
    sequenceId,
    createdAt: reachedStep ? occurredAt : null,
    flags: reachOutBits(...flags),
    step: reachedStep ? { stepId: reachedStep.stepId, occurredAt, offset: BigInt(offset) } : null,
  };
}

type StepRecord = TransitionedMessage['payload']['steps'][number];

function stepFlags({ facts, channel }: StepRecord): ReachOutFlag[] {
  const flags: ReachOutFlag[] = [];
  if (facts.attempted) flags.push('started');
  if (facts.sent) flags.push(channel === 'email' ? 'emailSent' : channel === 'sms' ? 'smsSent' : 'linkedinMessaged');
  // Opens and clicks are tracked on emails only.
  if (facts.opened && channel === 'email') flags.push('opened');
  if (facts.clicked && channel === 'email') flags.push('clicked');
  if (facts.replied) {
    flags.push('replied');
    if (channel === 'email') flags.push('emailReplied');
    if (channel === 'social') flags.push('linkedinReplied');
  }
  if (facts.bounced)
    flags.push(...(channel === 'email' ? (['bounced', 'emailBounced'] as const) : (['bounced'] as const)));
  if (facts.unsubscribed) flags.push('cancelled');
  if (facts.invited) flags.push('linkedinInvited');
  if (facts.accepted) flags.push('linkedinAccepted');
  return flags;
}

type StatusChange = NonNullable<TransitionedMessage['payload']['status']>;

const FLAGS_OF_STATUS: Partial<Record<StatusChange['to'], readonly ReachOutFlag[]>> = {
  pending_action: ['started'],
  error: ['started'],
  bounced: ['bounced'],
  completed: ['completed'],
  stopped: ['cancelled'],
  unsubscribed: ['cancelled'],
};

/** A status only adds flags; a status that ends nothing (paused, in progress) says nothing here. */
function statusFlags({ to, substatus, replyChannel }: StatusChange): readonly ReachOutFlag[] {
  if (to !== 'replied') return FLAGS_OF_STATUS[to] ?? [];
  return [
    'replied',
    ...(substatus === 'interested' ? (['interested'] as const) : []),
    // A reply reported on the public topic counts on its channel too.
    ...(replyChannel === 'email' ? (['emailReplied'] as const) : []),
    ...(replyChannel === 'social' ? (['linkedinReplied'] as const) : []),
  ];
}

export function isLaterStep(a: CurrentStep, b: CurrentStep): boolean {
  const at = a.occurredAt.getTime() - b.occurredAt.getTime();
  return at !== 0 ? at > 0 : a.offset > b.offset;
}

/** One fact per enrollment (a row cannot be upserted twice in one statement); order-free. */
export function foldReachOuts(facts: readonly ReachOutFact[]): ReachOutFact[] {
  const byEnrollment = new Map<string, ReachOutFact>();
  for (const fact of facts) {
    const seen = byEnrollment.get(fact.enrollmentId);
    byEnrollment.set(fact.enrollmentId, seen ? joinReachOuts(seen, fact) : fact);
  }
  return [...byEnrollment.values()].sort((a, b) => (a.enrollmentId < b.enrollmentId ? -1 : 1));
}

export function joinReachOuts(a: ReachOutFact, b: ReachOutFact): ReachOutFact {
  const created = [a.createdAt, b.createdAt].filter((at): at is Date => at !== null);
  return {
    ...a,
    createdAt: created.length === 0 ? null : new Date(Math.min(...created.map((at) => at.getTime()))),
    flags: a.flags | b.flags,
    step: !a.step ? b.step : !b.step ? a.step : isLaterStep(b.step, a.step) ? b.step : a.step,
  };
}
