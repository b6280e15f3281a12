import { Topics, type Envelope } from '@stepwise/contracts';
import { uniqueName } from '@stepwise/testing';
import type { SequenceSnapshot, StepSnapshot } from '../src/snapshot/sequence-snapshot';
import { AnalyticsHarness, API_KEY_B, TENANT_B } from './support/analytics-harness';
import { sequencePublished, statusChanged, stepFacts, stepReached, type StepSpec } from './support/events';

const harness = new AnalyticsHarness();
beforeAll(() => harness.start(), 90_000);
afterAll(() => harness.stop());

const email: StepSpec = { stepId: 'intro', type: 'automated_email' };

/** A fresh sequence per scenario, published, with enrollment ids e1..eN. */
async function launch(steps: readonly StepSpec[], options: Parameters<typeof sequencePublished>[2] = {}) {
  const sequenceId = uniqueName('seq');
  await harness.publish(Topics.enrollmentEvents, [sequencePublished(sequenceId, steps, options)]);
  const enrollments = (count: number) => Array.from({ length: count }, (_, i) => `${sequenceId}-e${i + 1}`);
  return { sequenceId, enrollments };
}

async function reach(sequenceId: string, step: StepSpec, enrollmentIds: readonly string[]): Promise<void> {
  await harness.publish(
    Topics.enrollmentEvents,
    enrollmentIds.map((id) => stepReached(sequenceId, step, id)),
  );
}

async function snapshot(sequenceId: string): Promise<SequenceSnapshot> {
  await harness.consumed();
  const { status, body } = await harness.get<SequenceSnapshot>(`/v1/sequences/${sequenceId}/snapshot`);
  expect(status).toBe(200);
  return body;
}

async function stepSnapshot(sequenceId: string, stepId = email.stepId): Promise<StepSnapshot> {
  const step = (await snapshot(sequenceId)).steps.find((s) => s.stepId === stepId);
  if (!step) throw new Error(`no step ${stepId} in the snapshot`);
  return step;
}

describe('Recipients Attempted', () => {
  test('counts distinct recipients queued for the step plus those attempted at it', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1, e2, e3, e4] = enrollments(4) as [string, string, string, string];
    await reach(sequenceId, email, [e1, e2, e3, e4]);
    // A retry reaches the step again: still one recipient.
    await harness.publish(Topics.enrollmentEvents, [stepReached(sequenceId, email, e1, 2)]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'intro', e1, { sent: true, attempted: true }),
      stepFacts(sequenceId, 'intro', e2, { errored: true, attempted: true }),
    ]);

    expect(await stepSnapshot(sequenceId)).toMatchObject({ recipientsAttempted: 4, attempted: 2, queued: 2 });
  });

  test('an older event of the recipient consumed again after a newer one changes nothing', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1] = enrollments(1) as [string];
    const reached = stepReached(sequenceId, email, e1);
    await harness.publish(Topics.enrollmentEvents, [reached]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'intro', e1, { delivered: true, attempted: true }),
    ]);
    expect(await stepSnapshot(sequenceId)).toMatchObject({ recipientsAttempted: 1, attempted: 1, queued: 0 });

    await harness.publish(Topics.enrollmentEvents, [reached]);
    const step = await stepSnapshot(sequenceId);
    expect(step).toMatchObject({ recipientsAttempted: 1, attempted: 1, queued: 0 });
    expect(step.metrics.deliveryRate).toEqual({ count: 1, percent: 100 });
  });
});

describe('Delivery Rate', () => {
  test('is the recipients the email was delivered to, over Recipients Attempted', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1, e2, e3, e4] = enrollments(4) as [string, string, string, string];
    await reach(sequenceId, email, [e1, e2, e3, e4]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'intro', e1, { delivered: true, attempted: true }),
      stepFacts(sequenceId, 'intro', e2, { delivered: true, attempted: true }),
      stepFacts(sequenceId, 'intro', e3, { delivered: true, attempted: true }),
      stepFacts(sequenceId, 'intro', e3, { delivered: true, attempted: true }),
    ]);

    expect((await stepSnapshot(sequenceId)).metrics.deliveryRate).toEqual({ count: 3, percent: 75 });
  });

  test('for an SMS step, from what enrollment made of the SMS outcomes', async () => {
    const sms: StepSpec = { stepId: 'text', type: 'sms' };
    const { sequenceId, enrollments } = await launch([sms]);
    const [e1, e2] = enrollments(2) as [string, string];
    await reach(sequenceId, sms, [e1, e2]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'text', e1, { sent: true, attempted: true }, 'sms'),
      stepFacts(sequenceId, 'text', e1, { delivered: true }, 'sms'),
    ]);

    const step = await stepSnapshot(sequenceId, 'text');
    expect(Object.keys(step.metrics)).toEqual(['deliveryRate', 'repliedRate', 'errorRate', 'skippedRate']);
    expect(step.metrics.deliveryRate).toEqual({ count: 1, percent: 50 });
  });

  test('a hard bounce after delivered (enrollment takes the delivery back) moves the recipient out of Delivered', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1, e2] = enrollments(2) as [string, string];
    await reach(sequenceId, email, [e1, e2]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'intro', e1, { delivered: true, attempted: true }),
      stepFacts(sequenceId, 'intro', e2, { delivered: true, attempted: true }),
    ]);
    expect((await stepSnapshot(sequenceId)).metrics.deliveryRate).toEqual({ count: 2, percent: 100 });

    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'intro', e2, { bounced: true, delivered: false }),
    ]);
    expect((await stepSnapshot(sequenceId)).metrics.deliveryRate).toEqual({ count: 1, percent: 50 });
  });
});

describe('Opened %', () => {
  test('counts a recipient who opened five times once', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1, e2] = enrollments(2) as [string, string];
    await reach(sequenceId, email, [e1, e2]);
    await harness.publish(
      Topics.enrollmentEvents,
      Array.from({ length: 5 }, () => stepFacts(sequenceId, 'intro', e1, { opened: true, attempted: true })),
    );

    expect((await stepSnapshot(sequenceId)).metrics.openedRate).toEqual({ count: 1, percent: 50 });
  });

  test('does not count an open by a privacy proxy or link scanner (enrollment states it as attempted only)', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1] = enrollments(1) as [string];
    await reach(sequenceId, email, [e1]);
    await harness.publish(Topics.enrollmentEvents, [stepFacts(sequenceId, 'intro', e1, { attempted: true })]);

    expect((await stepSnapshot(sequenceId)).metrics.openedRate).toEqual({ count: 0, percent: 0 });
  });

  test('is hidden on every email step when open tracking is off, and only Opened %', async () => {
    const manual: StepSpec = { stepId: 'manual', type: 'manual_email' };
    const { sequenceId, enrollments } = await launch([email, manual], { openTrackingEnabled: false });
    const [e1] = enrollments(1) as [string];
    await reach(sequenceId, email, [e1]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'intro', e1, { opened: true, attempted: true }),
    ]);

    const result = await snapshot(sequenceId);
    expect(result.openTrackingEnabled).toBe(false);
    expect(Object.keys(result.steps[0]?.metrics ?? {})).toEqual([
      'deliveryRate',
      'repliedRate',
      'errorRate',
      'skippedRate',
    ]);
    expect(Object.keys(result.steps[1]?.metrics ?? {})).toEqual([
      'deliveryRate',
      'repliedRate',
      'errorRate',
      'skippedRate',
      'pendingRate',
      'overdueRate',
    ]);
  });
});

describe('Replied %', () => {
  test('counts a recipient who replied twice once', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1, e2, e3, e4] = enrollments(4) as [string, string, string, string];
    await reach(sequenceId, email, [e1, e2, e3, e4]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'intro', e1, { replied: true, attempted: true }),
      stepFacts(sequenceId, 'intro', e1, { replied: true, attempted: true }),
    ]);

    expect((await stepSnapshot(sequenceId)).metrics.repliedRate).toEqual({ count: 1, percent: 25 });
  });

  test('on a LinkedIn message step, from what enrollment made of the social outcomes', async () => {
    const message: StepSpec = { stepId: 'dm', type: 'linkedin_message' };
    const { sequenceId, enrollments } = await launch([message]);
    const [e1, e2] = enrollments(2) as [string, string];
    await reach(sequenceId, message, [e1, e2]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'dm', e2, { sent: true, attempted: true }, 'social'),
      stepFacts(sequenceId, 'dm', e2, { replied: true }, 'social'),
    ]);

    const step = await stepSnapshot(sequenceId, 'dm');
    expect(Object.keys(step.metrics)).toEqual(['repliedRate', 'errorRate', 'skippedRate']);
    expect(step.metrics.repliedRate).toEqual({ count: 1, percent: 50 });
  });
});

describe('Accepted %', () => {
  test('is the recipients who accepted the connection request', async () => {
    const invite: StepSpec = { stepId: 'connect', type: 'linkedin_connection_request' };
    const { sequenceId, enrollments } = await launch([invite]);
    const [e1, e2, e3] = enrollments(3) as [string, string, string];
    await reach(sequenceId, invite, [e1, e2, e3]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'connect', e1, { invited: true, attempted: true }, 'social'),
      stepFacts(sequenceId, 'connect', e2, { invited: true, attempted: true }, 'social'),
      stepFacts(sequenceId, 'connect', e2, { accepted: true }, 'social'),
    ]);

    const step = await stepSnapshot(sequenceId, 'connect');
    expect(Object.keys(step.metrics)).toEqual(['acceptedRate', 'errorRate', 'skippedRate']);
    expect(step.metrics.acceptedRate).toEqual({ count: 1, percent: 33.3 });
  });
});

describe('Error %', () => {
  test('a recipient who errored and then delivered moves from Error to Delivered, for good', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1] = enrollments(1) as [string];
    await reach(sequenceId, email, [e1]);
    const failed = stepFacts(sequenceId, 'intro', e1, { errored: true, attempted: true });
    await harness.publish(Topics.enrollmentEvents, [failed]);
    let step = await stepSnapshot(sequenceId);
    expect(step.metrics.errorRate).toEqual({ count: 1, percent: 100 });
    expect(step.metrics.deliveryRate).toEqual({ count: 0, percent: 0 });

    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'intro', e1, { sent: true }),
      stepFacts(sequenceId, 'intro', e1, { delivered: true, errored: false }),
    ]);
    step = await stepSnapshot(sequenceId);
    expect(step.metrics.errorRate).toEqual({ count: 0, percent: 0 });
    expect(step.metrics.deliveryRate).toEqual({ count: 1, percent: 100 });

    // The failure's event delivered again (at-least-once) does not move it back.
    await harness.publish(Topics.enrollmentEvents, [failed]);
    step = await stepSnapshot(sequenceId);
    expect(step.metrics.errorRate).toEqual({ count: 0, percent: 0 });
    expect(step.metrics.deliveryRate).toEqual({ count: 1, percent: 100 });
  });

  test('counts recipients enrollment put in Error at the step before any channel saw them', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1, e2] = enrollments(2) as [string, string];
    await reach(sequenceId, email, [e1, e2]);
    await harness.publish(Topics.enrollmentEvents, [
      statusChanged(sequenceId, e1, { to: 'error', stepId: 'intro' }, { intro: { errored: true, attempted: true } }),
    ]);

    const step = await stepSnapshot(sequenceId);
    expect(step.metrics.errorRate).toEqual({ count: 1, percent: 50 });
    expect(step).toMatchObject({ attempted: 1, queued: 1 });
  });
});

describe('duplicates', () => {
  test('a duplicated or replayed event changes nothing', async () => {
    const { sequenceId, enrollments } = await launch([email]);
    const [e1, e2] = enrollments(2) as [string, string];
    const reachedEvents = [stepReached(sequenceId, email, e1), stepReached(sequenceId, email, e2)];
    await harness.publish(Topics.enrollmentEvents, reachedEvents);
    const outcomes = [
      stepFacts(sequenceId, 'intro', e1, { delivered: true, attempted: true }),
      stepFacts(sequenceId, 'intro', e1, { opened: true }),
      stepFacts(sequenceId, 'intro', e2, { errored: true, attempted: true }),
    ];
    await harness.publish(Topics.enrollmentEvents, outcomes);
    const before = await snapshot(sequenceId);
    expect(before.steps[0]).toMatchObject({ recipientsAttempted: 2, attempted: 2 });

    await harness.publish(Topics.enrollmentEvents, [...outcomes, ...outcomes]);
    await harness.publish(Topics.enrollmentEvents, reachedEvents);
    expect(await snapshot(sequenceId)).toEqual(before);
  });
});

describe('task steps', () => {
  test('count tasks created, and those completed, currently pending and currently overdue', async () => {
    const task: StepSpec = { stepId: 'call', type: 'task' };
    const next: StepSpec = { stepId: 'after', type: 'automated_email' };
    const { sequenceId, enrollments } = await launch([task, next]);
    const [e1, e2, e3, e4] = enrollments(4) as [string, string, string, string];
    await reach(sequenceId, task, [e1, e2, e3, e4]);
    const events: Envelope[] = [e1, e2, e3].map((id) =>
      statusChanged(
        sequenceId,
        id,
        { to: 'pending_action', stepId: 'call', substatus: 'task' },
        { call: { pending: true, attempted: true } },
      ),
    );
    events.push(
      statusChanged(
        sequenceId,
        e2,
        { from: 'pending_action', to: 'pending_action', stepId: 'call', substatus: 'overdue' },
        { call: { pending: false, overdue: true } },
      ),
      statusChanged(
        sequenceId,
        e3,
        { from: 'pending_action', to: 'in_progress', stepId: 'after', substatus: 'scheduled' },
        { call: { pending: false, completed: true } },
      ),
    );
    await harness.publish(Topics.enrollmentEvents, events);

    const step = await stepSnapshot(sequenceId, 'call');
    expect(step.metrics).toEqual({
      tasksCreated: { count: 4 },
      completedRate: { count: 1, percent: 25 },
      pendingRate: { count: 1, percent: 25 },
      overdueRate: { count: 1, percent: 25 },
      skippedRate: { count: 0, percent: 0 },
    });
    expect(step).toMatchObject({ recipientsAttempted: 4, attempted: 3, queued: 1 });
  });
});

describe('manual email steps', () => {
  test('count the recipients whose manual email is pending action or overdue', async () => {
    const manual: StepSpec = { stepId: 'manual', type: 'manual_email' };
    const { sequenceId, enrollments } = await launch([manual]);
    const [e1, e2, e3] = enrollments(3) as [string, string, string];
    await reach(sequenceId, manual, [e1, e2, e3]);
    await harness.publish(Topics.enrollmentEvents, [
      ...[e1, e2, e3].map((id) =>
        statusChanged(
          sequenceId,
          id,
          { to: 'pending_action', stepId: 'manual', substatus: 'manual_email' },
          { manual: { pending: true, attempted: true } },
        ),
      ),
      statusChanged(
        sequenceId,
        e2,
        { from: 'pending_action', to: 'pending_action', stepId: 'manual', substatus: 'overdue' },
        { manual: { pending: false, overdue: true } },
      ),
      // Stopped while pending: no longer pending.
      statusChanged(
        sequenceId,
        e3,
        { from: 'pending_action', to: 'stopped', stepId: 'manual' },
        { manual: { pending: false, halted: true } },
      ),
    ]);

    const { metrics } = await stepSnapshot(sequenceId, 'manual');
    expect(metrics.pendingRate).toEqual({ count: 1, percent: 33.3 });
    expect(metrics.overdueRate).toEqual({ count: 1, percent: 33.3 });
  });
});

describe('sequence shape', () => {
  test('keeps the latest publication by occurredAt, even when an older one is consumed later', async () => {
    const sequenceId = uniqueName('seq');
    const newer = sequencePublished(sequenceId, [email, { stepId: 'follow-up', type: 'sms' }], {
      name: 'Renamed',
      occurredAt: new Date('2026-11-25T12:00:00Z'),
    });
    const older = sequencePublished(sequenceId, [email], {
      name: 'Original',
      occurredAt: new Date('2026-11-25T11:00:00Z'),
    });
    await harness.publish(Topics.enrollmentEvents, [newer]);
    await harness.consumed();
    await harness.publish(Topics.enrollmentEvents, [older]);

    const result = await snapshot(sequenceId);
    expect(result.name).toBe('Renamed');
    expect(result.steps.map((s) => [s.stepId, s.type, s.position])).toEqual([
      ['intro', 'automated_email', 0],
      ['follow-up', 'sms', 1],
    ]);
  });
});

describe('tenancy', () => {
  test('a request without a valid x-api-key is refused with 401', async () => {
    const { sequenceId } = await launch([email]);
    await harness.consumed();
    expect((await harness.get(`/v1/sequences/${sequenceId}/snapshot`, null)).status).toBe(401);
    expect((await harness.get(`/v1/sequences/${sequenceId}/snapshot`, 'not-a-key-of-anyone-at-all')).status).toBe(401);
  });

  test("a tenant never sees another tenant's sequence: 404, as for one that does not exist", async () => {
    const { sequenceId } = await launch([email]);
    const { sequenceId: theirs } = await launch([email], { tenantId: TENANT_B });
    await harness.consumed();
    expect((await harness.get(`/v1/sequences/${sequenceId}/snapshot`, API_KEY_B)).status).toBe(404);
    expect((await harness.get(`/v1/sequences/${theirs}/snapshot`, API_KEY_B)).status).toBe(200);
    expect((await harness.get(`/v1/sequences/${uniqueName('missing')}/snapshot`)).status).toBe(404);
  });

  test('a sequence id longer than any sequence id is a 400 naming the field', async () => {
    const { status, body } = await harness.get<{ message: string }>(`/v1/sequences/${'x'.repeat(65)}/snapshot`);
    expect(status).toBe(400);
    expect(body.message).toMatch(/^sequenceId: /);
  });
});
