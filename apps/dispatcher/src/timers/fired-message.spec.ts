import { stepDueSchema, timerFiredSchema, Topics, type StepDelivery, type TimerAction } from '@stepwise/contracts';
import { deferralRecord, firedMessageOf, planFiring, type DueTimer } from './fired-message';

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

describe('firedMessageOf', () => {
  it.each([
    ['email', Topics.emailStepDue],
    ['sms', Topics.smsStepDue],
    ['social', Topics.socialStepDue],
  ] as const)('routes a %s send to its channel topic', (channel, topic) => {
    expect(firedMessageOf(timer(sendStep(deliveries[channel])), firedAt).topic).toBe(topic);
  });

  it('turns a send into a step.due carrying the delivery, the step and the timer version', () => {
    const { envelope } = firedMessageOf(timer(sendStep(deliveries.email)), firedAt);
    expect(envelope).toMatchObject({
      type: 'step.due',
      tenantId: 'acme',
      key: 'enr_1',
      occurredAt: firedAt.toISOString(),
      payload: {
        step: { enrollmentId: 'enr_1', stepId: 'step_1', attempt: 1 },
        delivery: deliveries.email,
        timerId: 'enr_1',
        timerVersion: 3,
        dueAt: dueAt.toISOString(),
        firedAt: firedAt.toISOString(),
      },
    });
  });

  it('turns a notify into a timer.fired on the timer-fired topic', () => {
    const action: TimerAction = { kind: 'notify', reason: 'task_overdue', enrollmentId: 'enr_1', stepId: 'task_1' };
    const message = firedMessageOf(timer(action), firedAt);
    expect(message.topic).toBe(Topics.timerFired);
    expect(message.envelope).toMatchObject({
      type: 'timer.fired',
      key: 'enr_1',
      payload: { timerId: 'enr_1', version: 3, reason: 'task_overdue', enrollmentId: 'enr_1', stepId: 'task_1' },
    });
  });

  it('gives every firing its own event id', () => {
    const action = sendStep(deliveries.sms);
    expect(firedMessageOf(timer(action), firedAt).envelope.eventId).not.toBe(
      firedMessageOf(timer(action), firedAt).envelope.eventId,
    );
  });
});

describe('planFiring', () => {
  const prefixed = (topic: string) => `test.${topic}`;

  it('keys each record by the timer key on the cluster name of its topic', () => {
    const plan = planFiring([timer(sendStep(deliveries.email))], firedAt, prefixed);
    expect(plan.records).toEqual([expect.objectContaining({ topic: `test.${Topics.emailStepDue}`, key: 'enr_1' })]);
    expect(JSON.parse(plan.records[0]?.value ?? '')).toMatchObject({ type: 'step.due' });
    expect(plan.fired).toHaveLength(1);
  });

  // The messages are built without validation: this is what keeps the mapping on the contract.
  it('builds only messages their contract accepts, for every channel and for notify', () => {
    const notify: TimerAction = { kind: 'notify', reason: 'delay_elapsed', enrollmentId: 'enr_1' };
    const timers = [...Object.values(deliveries).map((d) => timer(sendStep(d))), timer(notify)];
    const messages = planFiring(timers, firedAt, prefixed).records.map((r) => JSON.parse(r.value) as unknown);
    for (const message of messages.slice(0, 3)) expect(stepDueSchema.safeParse(message).error).toBeUndefined();
    expect(timerFiredSchema.safeParse(messages[3]).error).toBeUndefined();
  });

  it('dead-letters a timer whose stored action cannot be mapped, and fires the rest', () => {
    const stored = sendStep({ ...deliveries.email, channel: 'pigeon' } as unknown as StepDelivery);
    const broken = { ...timer(stored), timerId: 'enr_bad' };
    const plan = planFiring([broken, timer(sendStep(deliveries.sms))], firedAt, prefixed);
    expect(plan.fired.map((t) => t.action.kind === 'send_step' && t.action.delivery.channel)).toEqual(['sms']);
    expect(plan.deadLettered).toEqual([{ timer: broken, reason: 'unknown channel pigeon' }]);
    const deadLetter = plan.records.find((r) => r.topic === `test.${Topics.deadLetter}`);
    expect(JSON.parse(deadLetter?.value ?? '')).toMatchObject({
      originalTopic: Topics.timerCommands,
      key: 'enr_1',
      reason: 'timer enr_bad v3 cannot be fired: unknown channel pigeon',
    });
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
