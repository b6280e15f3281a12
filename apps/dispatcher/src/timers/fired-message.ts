import {
  buildEnvelope,
  createEnvelope,
  stepDueSchema,
  timerDeferredSchema,
  timerFiredSchema,
  Topics,
  type Channel,
  type DeadLetter,
  type Envelope,
  type TimerAction,
  type TopicName,
} from '@stepwise/contracts';
import { deadLetterRecord, envelopeToRecord, type OutgoingRecord } from '@stepwise/kafka';
import type { Deferral } from './deferral';

/** A claimed row of the timer table. */
export interface DueTimer {
  timerId: string;
  version: number;
  tenantId: string;
  key: string;
  dueAt: Date;
  action: TimerAction;
}

export interface FiredMessage {
  topic: TopicName;
  envelope: Envelope;
}

const STEP_DUE_TOPIC: Record<Channel, TopicName> = {
  email: Topics.emailStepDue,
  sms: Topics.smsStepDue,
  social: Topics.socialStepDue,
};

/**
 * What a due timer becomes: a step.due command on its channel's topic (so each channel service
 * scales on its own) or a timer.fired event back to enrollment. Keyed like the command that
 * scheduled it, so everything about one recipient stays on one partition.
 *
 * Built without re-validating (buildEnvelope): the message is a mapping of the stored action,
 * which timerActionSchema checked when the command arrived, and its spec checks the mapping
 * against the contract. A timer stored under an older, looser contract still fires, and the
 * channel's consumer dead-letters it with the reason. Throws when the stored action cannot be
 * mapped at all (a shape no contract version had).
 */
export function firedMessageOf(timer: DueTimer, firedAt: Date): FiredMessage {
  const { action } = timer;
  const base = { tenantId: timer.tenantId, key: timer.key, occurredAt: firedAt };
  const times = { dueAt: timer.dueAt.toISOString(), firedAt: firedAt.toISOString() };
  if (action.kind === 'send_step') {
    const topic = STEP_DUE_TOPIC[action.delivery.channel] as TopicName | undefined;
    if (!topic) throw new Error(`unknown channel ${String(action.delivery.channel)}`);
    return {
      topic,
      envelope: buildEnvelope(stepDueSchema, {
        ...base,
        payload: {
          step: action.step,
          delivery: action.delivery,
          timerId: timer.timerId,
          timerVersion: timer.version,
          ...times,
        },
      }),
    };
  }
  if (action.kind !== 'notify') throw new Error(`unknown action kind ${String((action as { kind: unknown }).kind)}`);
  return {
    topic: Topics.timerFired,
    envelope: buildEnvelope(timerFiredSchema, {
      ...base,
      payload: {
        timerId: timer.timerId,
        version: timer.version,
        reason: action.reason,
        enrollmentId: action.enrollmentId,
        stepId: action.stepId,
        ...times,
      },
    }),
  };
}

/**
 * Tells enrollment a send was held back and until when, on the timer-fired topic and keyed like
 * the timer, so it stays ordered with the recipient's other events.
 */
export function deferralRecord(deferral: Deferral, at: Date, topicName: TopicNamer): OutgoingRecord {
  const { timer, reason, until } = deferral;
  if (timer.action.kind !== 'send_step') throw new Error(`timer ${timer.timerId} is not a send and cannot be deferred`);
  const envelope = createEnvelope(timerDeferredSchema, {
    tenantId: timer.tenantId,
    key: timer.key,
    occurredAt: at,
    payload: {
      timerId: timer.timerId,
      version: timer.version,
      reason,
      enrollmentId: timer.action.step.enrollmentId,
      stepId: timer.action.step.stepId,
      until: until.toISOString(),
    },
  });
  return envelopeToRecord({ topic: topicName(Topics.timerFired), envelope });
}

/** Maps contract topic names to the cluster's (see TopicNamespace). */
export type TopicNamer = (topic: TopicName) => string;

export interface FiringPlan {
  /** Wire records for one publish call: the fired messages and any dead letters. */
  records: OutgoingRecord[];
  fired: DueTimer[];
  deadLettered: { timer: DueTimer; reason: string }[];
}

/**
 * Turns a claimed batch into records, in due order. A timer whose stored action cannot be mapped
 * goes to the dead-letter topic instead: it is the oldest due row, so leaving it in place would
 * fail every claim after it and stop all timers.
 */
export function planFiring(timers: readonly DueTimer[], firedAt: Date, topicName: TopicNamer): FiringPlan {
  const plan: FiringPlan = { records: [], fired: [], deadLettered: [] };
  for (const timer of timers) {
    let message: FiredMessage;
    try {
      message = firedMessageOf(timer, firedAt);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      plan.records.push(
        deadLetterRecord(unroutableTimerDeadLetter(timer, reason, firedAt), 'schema', topicName(Topics.deadLetter)),
      );
      plan.deadLettered.push({ timer, reason });
      continue;
    }
    plan.records.push(envelopeToRecord({ topic: topicName(message.topic), envelope: message.envelope }));
    plan.fired.push(timer);
  }
  return plan;
}

/**
 * The timer came in on the command topic; the record keeps the stored timer whole so an operator
 * can fix it and schedule it again. It has no offset of its own, hence -1.
 */
function unroutableTimerDeadLetter(timer: DueTimer, reason: string, failedAt: Date): DeadLetter {
  return {
    originalTopic: Topics.timerCommands,
    partition: -1,
    offset: '-1',
    key: timer.key,
    value: JSON.stringify({ ...timer, dueAt: timer.dueAt.toISOString() }),
    headers: {},
    reason: `timer ${timer.timerId} v${timer.version} cannot be fired: ${reason}`,
    details: '',
    consumerGroup: 'dispatcher',
    failedAt: failedAt.toISOString(),
  };
}
