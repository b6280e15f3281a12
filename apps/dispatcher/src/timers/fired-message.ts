import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  envelopeJson,
  stepDueSchema,
  timerDeferredSchema,
  timerFiredSchema,
  Topics,
  type Channel,
  type DeadLetter,
  type TimerAction,
  type TopicName,
} from '@stepwise/contracts';
import { deadLetterRecord, envelopeToRecord, eventHeaders, type OutgoingRecord } from '@stepwise/kafka';
import type { Deferral } from './deferral';

/** A due timer with its stored action: what the send gate and the deferrals work on. */
export interface DueTimer {
  timerId: string;
  version: number;
  tenantId: string;
  key: string;
  dueAt: Date;
  action: TimerAction;
}

/**
 * A claimed row of the timer table. The claim statement has already mapped its action to the
 * payload of the message it becomes (see CLAIM_DUE_TIMERS_SQL), so firing it parses nothing;
 * the action itself is read only where it is needed: gated timers and unmappable ones.
 */
export interface ClaimedTimer {
  timerId: string;
  version: number;
  tenantId: string;
  key: string;
  dueAt: Date;
  /** A send with a window or sender limits: still in the table, locked, for the gate. */
  gated: boolean;
  /** The send's channel, or 'notify'; null for an action kind no contract has. */
  route: string | null;
  /** The step.due or timer.fired payload as JSON text; null when the route is unknown. */
  payload: string | null;
  action?: TimerAction;
}

/** A claimed timer the gate can decide on. */
export type GatedTimer = ClaimedTimer & DueTimer;

export function isGated(timer: ClaimedTimer): timer is GatedTimer {
  return timer.gated && timer.action !== undefined;
}

/** Where each route's messages go: a channel's step-due topic, or back to enrollment. */
export const ROUTE_TOPIC: Readonly<Record<Channel | 'notify', TopicName>> = {
  email: Topics.emailStepDue,
  sms: Topics.smsStepDue,
  social: Topics.socialStepDue,
  notify: Topics.timerFired,
};

/** The channels the claim builds step.due payloads for; any other stored channel is dead-lettered. */
export const ROUTED_CHANNELS: readonly string[] = Object.keys(ROUTE_TOPIC).filter((route) => route !== 'notify');

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
  fired: ClaimedTimer[];
  deadLettered: { timer: ClaimedTimer; reason: string }[];
}

const STEP_DUE = { type: stepDueSchema.shape.type.value, version: stepDueSchema.shape.version.value };
const TIMER_FIRED = { type: timerFiredSchema.shape.type.value, version: timerFiredSchema.shape.version.value };

/**
 * Turns a claimed batch into records, in due order: a step.due on its channel's topic (so each
 * channel service scales on its own) or a timer.fired back to enrollment, keyed like the command
 * that scheduled it, so everything about one recipient stays on one partition. The messages are
 * not re-validated: the payload is a mapping of an action timerActionSchema checked when it was
 * stored, an integration test checks the mapping against the contracts, and every consumer
 * validates what it reads. A timer whose stored action maps to no message goes to the dead-letter
 * topic instead: it is the oldest due row, so leaving it would fail every claim after it.
 */
export function planFiring(timers: readonly ClaimedTimer[], firedAt: Date, topicName: TopicNamer): FiringPlan {
  const plan: FiringPlan = { records: [], fired: [], deadLettered: [] };
  const occurredAt = firedAt.toISOString();
  const topics = new Map<string, string>();
  for (const timer of timers) {
    const topic = timer.route === null ? undefined : ROUTE_TOPIC[timer.route as Channel | 'notify'];
    if (topic === undefined || timer.payload === null) {
      const reason = unroutableReason(timer);
      plan.records.push(
        deadLetterRecord(unroutableTimerDeadLetter(timer, reason, firedAt), 'schema', topicName(Topics.deadLetter)),
      );
      plan.deadLettered.push({ timer, reason });
      continue;
    }
    let clusterTopic = topics.get(topic);
    if (clusterTopic === undefined) topics.set(topic, (clusterTopic = topicName(topic)));
    const schema = timer.route === 'notify' ? timerFiredSchema : stepDueSchema;
    const head = { eventId: randomUUID(), occurredAt, tenantId: timer.tenantId, key: timer.key };
    plan.records.push({
      topic: clusterTopic,
      key: timer.key,
      value: envelopeJson(schema, head, timer.payload),
      headers: eventHeaders({ ...(timer.route === 'notify' ? TIMER_FIRED : STEP_DUE), eventId: head.eventId }),
    });
    plan.fired.push(timer);
  }
  return plan;
}

function unroutableReason(timer: ClaimedTimer): string {
  const action = timer.action as { kind?: unknown; delivery?: { channel?: unknown } } | undefined;
  if (action?.kind === 'send_step') return `unknown channel ${String(action.delivery?.channel)}`;
  return `unknown action kind ${String(action?.kind)}`;
}

/**
 * The timer came in on the command topic; the record keeps the stored timer whole so an operator
 * can fix it and schedule it again. It has no offset of its own, hence -1.
 */
function unroutableTimerDeadLetter(timer: ClaimedTimer, reason: string, failedAt: Date): DeadLetter {
  const stored = {
    timerId: timer.timerId,
    version: timer.version,
    tenantId: timer.tenantId,
    key: timer.key,
    dueAt: timer.dueAt.toISOString(),
    action: timer.action,
  };
  return {
    originalTopic: Topics.timerCommands,
    partition: -1,
    offset: '-1',
    key: timer.key,
    value: JSON.stringify(stored),
    headers: {},
    reason: `timer ${timer.timerId} v${timer.version} cannot be fired: ${reason}`,
    details: '',
    consumerGroup: 'dispatcher',
    failedAt: failedAt.toISOString(),
  };
}
