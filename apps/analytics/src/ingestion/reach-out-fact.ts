import type { ConsumedMessage } from '@stepwise/kafka';
import { reachOutBits, type ReachOutFlag } from '../reach-out-counters';
import type { StatusChangedMessage, StepOutcomeMessage, StepReachedMessage } from './analytics-message';

/**
 * The step a recipient was last queued for. Step-reached and status changes of one enrollment share
 * a partition, so (occurredAt, offset) orders them as the position versions do.
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
  /** When the reach out was created: the occurredAt of a step-reached; null for other events. */
  createdAt: Date | null;
  flags: number;
  step: CurrentStep | null;
}

export function stepReachedReachOut({ envelope, offset }: ConsumedMessage<StepReachedMessage>): ReachOutFact {
  const { enrollmentId, sequenceId, stepId, stepType } = envelope.payload;
  const occurredAt = new Date(envelope.occurredAt);
  return {
    enrollmentId,
    tenantId: envelope.tenantId,
    sequenceId,
    createdAt: occurredAt,
    flags: stepType.startsWith('linkedin_') ? reachOutBits('linkedinEngaged') : 0,
    step: { stepId, occurredAt, offset: BigInt(offset) },
  };
}

export function stepOutcomeReachOut(message: StepOutcomeMessage): ReachOutFact {
  const { step } = message.payload;
  return {
    enrollmentId: step.enrollmentId,
    tenantId: message.tenantId,
    sequenceId: step.sequenceId,
    createdAt: null,
    flags: reachOutBits('started', ...outcomeFlags(message.payload)),
    step: null,
  };
}

function outcomeFlags(outcome: StepOutcomeMessage['payload']): ReachOutFlag[] {
  const { channel } = outcome;
  switch (outcome.outcome) {
    case 'sent':
      return [channel === 'email' ? 'emailSent' : channel === 'sms' ? 'smsSent' : 'linkedinMessaged'];
    case 'opened':
    case 'clicked':
      // A privacy proxy or link scanner is not the recipient opening.
      if (outcome.machineGenerated || channel !== 'email') return [];
      return outcome.outcome === 'opened' ? ['opened'] : ['clicked'];
    case 'replied':
      if (channel === 'email') return ['replied', 'emailReplied'];
      return channel === 'social' ? ['replied', 'linkedinReplied'] : ['replied'];
    case 'bounced':
      if (outcome.bounce === 'soft') return [];
      return channel === 'email' ? ['bounced', 'emailBounced'] : ['bounced'];
    case 'unsubscribed':
      return ['cancelled'];
    case 'invited':
      return ['linkedinInvited'];
    case 'accepted':
      return ['linkedinAccepted'];
    default:
      return [];
  }
}

const FLAGS_OF_STATUS: Partial<Record<StatusChangedMessage['payload']['to'], readonly ReachOutFlag[]>> = {
  pending_action: ['started'],
  error: ['started'],
  bounced: ['bounced'],
  completed: ['completed'],
  stopped: ['cancelled'],
  unsubscribed: ['cancelled'],
};

/** A status only adds flags; a status that ends nothing (paused, in progress) says nothing here. */
export function statusChangedReachOut(message: StatusChangedMessage): ReachOutFact | null {
  const { enrollmentId, sequenceId, to, substatus, replyChannel } = message.payload;
  const flags: readonly ReachOutFlag[] =
    to === 'replied'
      ? [
          'replied',
          ...(substatus === 'interested' ? (['interested'] as const) : []),
          // A reply reported on the public topic reaches analytics only this way: its channel counts it.
          ...(replyChannel === 'email' ? (['emailReplied'] as const) : []),
          ...(replyChannel === 'social' ? (['linkedinReplied'] as const) : []),
        ]
      : (FLAGS_OF_STATUS[to] ?? []);
  if (flags.length === 0) return null;
  return {
    enrollmentId,
    tenantId: message.tenantId,
    sequenceId,
    createdAt: null,
    flags: reachOutBits(...flags),
    step: null,
  };
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
