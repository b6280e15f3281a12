import { stepDueSchema, timerFiredSchema, Topics, type StepDelivery, type TimerAction } from '@stepwise/contracts';
import { deferralRecord, planFiring, type ClaimedTimer, type DueTimer } from './fired-message';

const sender = { identityId: 'id_1', address: 'sender@example.com' };
const deliveries: Record<StepDelivery['channel'], StepDelivery> = {
  email: {
    channel: 'email',
    stepType: 'automated_email',
    sender,
    to: 'candidate@example.com',
    variables: { firstName: 'Ada' },
    subject: 'Hello',
    body: 'Hi {{firstName}}',
    sameThreadAsPrevious: false,
  },
  sms: { channel: 'sms', stepType: 'sms', sender, to: '+15550100', variables: {}, body: 'Hi' },
  social: {
    channel: 'social',
    stepType: 'linkedin_message',
    sender,
    to: 'https://linkedin.example/in/ada',
    variables: {},
    body: 'Hi',
  },
};

const dueAt = new Date('2026-11-25T10:00:00.000Z');
const firedAt = new Date('2026-11-25T10:00:00.042Z');

function timer(action: TimerAction): DueTimer {
  return { timerId: 'enr_1', version: 3, tenantId: 'acme', key: 'enr_1', dueAt, action };
}

function sendStep(delivery: StepDelivery): TimerAction {
  return {
    kind: 'send_step',
    step: { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'step_1', attempt: 1 },
    delivery,
  };
}

/** A claimed row as the claim statement returns it (its SQL mapping is checked in test/claim.test.ts). */
function claimed(route: string | null, payload: unknown, action?: TimerAction): ClaimedTimer {
  const json = payload === null ? null : JSON.stringify(payload);
  return {
    timerId: 'enr_1',
    version: 3,
    tenantId: 'acme',
    key: 'enr_1',
    dueAt,
    gated: false,
    route,
    payload: json,
    action,
  };
}

const stepPayload = (delivery: StepDelivery) => ({
  step: { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'step_1', attempt: 1 },
  delivery,
  timerId: 'enr_1',
  timerVersion: 3,
  dueAt: dueAt.toISOString(),
  firedAt: firedAt.toISOString(),
});

describe('planFiring', () => {
  const prefixed = (topic: string) => `test.${topic}`;

  it.each([
    ['email', Topics.emailStepDue],
    ['sms', Topics.smsStepDue],
    ['social', Topics.socialStepDue],
  ] as const)('routes a %s send to its channel topic as a step.due its contract accepts', (channel, topic) => {
    const plan = planFiring([claimed(channel, stepPayload(deliveries[channel]))], firedAt, prefixed);
    expect(plan.records).toEqual([expect.objectContaining({ topic: `test.${topic}`, key: 'enr_1' })]);
    const message = JSON.parse(plan.records[0]?.value ?? '') as unknown;
    expect(stepDueSchema.safeParse(message).error).toBeUndefined();
    expect(message).toMatchObject({ type: 'step.due', tenantId: 'acme', occurredAt: firedAt.toISOString() });
    expect(plan.records[0]?.headers).toMatchObject({ 'event-type': 'step.due', 'event-version': '1' });
    expect(plan.fired).toHaveLength(1);
  });

  it('turns a notify into a timer.fired on the timer-fired topic', () => {
    const payload = {
      timerId: 'enr_1',
      version: 3,
      reason: 'task_overdue',
      enrollmentId: 'enr_1',
      stepId: 'task_1',
      dueAt: dueAt.toISOString(),
      firedAt: firedAt.toISOString(),
    };
    const [record] = planFiring([claimed('notify', payload)], firedAt, prefixed).records;
    expect(record?.topic).toBe(`test.${Topics.timerFired}`);
    const message = JSON.parse(record?.value ?? '') as unknown;
    expect(timerFiredSchema.safeParse(message).error).toBeUndefined();
    expect(message).toMatchObject({ type: 'timer.fired', key: 'enr_1', payload });
  });

  it('gives every firing its own event id, in the body and the header alike', () => {
    const row = claimed('sms', stepPayload(deliveries.sms));
    const records = planFiring([row, row], firedAt, prefixed).records;
    const ids = records.map((r) => (JSON.parse(r.value) as { eventId: string }).eventId);
    expect(new Set(ids).size).toBe(2);
    expect(records.map((r) => r.headers?.['event-id'])).toEqual(ids);
  });

  it('escapes tenant ids and keys that need it', () => {
    const row = { ...claimed('sms', stepPayload(deliveries.sms)), tenantId: 'a"b\\c', key: 'k"1' };
    const message = JSON.parse(planFiring([row], firedAt, prefixed).records[0]?.value ?? '') as Record<string, unknown>;
    expect(message).toMatchObject({ tenantId: 'a"b\\c', key: 'k"1' });
  });

  it('dead-letters a timer whose stored action cannot be mapped, and fires the rest', () => {
    const stored = sendStep({ ...deliveries.email, channel: 'pigeon' } as unknown as StepDelivery);
    const broken = { ...claimed(null, null, stored), timerId: 'enr_bad' };
    const plan = planFiring([broken, claimed('sms', stepPayload(deliveries.sms))], firedAt, prefixed);
    expect(plan.fired.map((t) => t.route)).toEqual(['sms']);
    expect(plan.deadLettered).toEqual([{ timer: broken, reason: 'unknown channel pigeon' }]);
    const deadLetter = plan.records.find((r) => r.topic === `test.${Topics.deadLetter}`);
    const letter = JSON.parse(deadLetter?.value ?? '') as { value: string };
    expect(letter).toMatchObject({
      originalTopic: Topics.timerCommands,
      key: 'enr_1',
      reason: 'timer enr_bad v3 cannot be fired: unknown channel pigeon',
    });
    expect(JSON.parse(letter.value)).toMatchObject({ timerId: 'enr_bad', action: stored });
  });
});

describe('deferralRecord', () => {
  it('reports a held-back send on the timer-fired topic, keyed like the timer, with until', () => {
    const until = new Date('2026-11-26T08:00:00.000Z');
    const record = deferralRecord(
      { timer: timer(sendStep(deliveries.email)), reason: 'outside_working_hours', until },
      firedAt,
      (topic) => `test.${topic}`,
    );
    expect(record).toMatchObject({ topic: `test.${Topics.timerFired}`, key: 'enr_1' });
    expect(JSON.parse(record.value)).toMatchObject({
      type: 'timer.deferred',
      payload: {
        timerId: 'enr_1',
        version: 3,
        reason: 'outside_working_hours',
        enrollmentId: 'enr_1',
        stepId: 'step_1',
        until: until.toISOString(),
      },
    });
  });
});
