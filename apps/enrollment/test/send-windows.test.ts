import { createEnvelope, timerDeferredSchema, Topics } from '@stepwise/contracts';
import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { outcome } from './support/fixtures';
import { awaitStatus, awaitTimer, launchSequence, view } from './support/launch-sequence';

/**
 * Enrollment hands every send its sender identity's working hours and daily limit; the real
 * dispatcher holds sends back by them and says so; the recipient shows why it waits.
 */
describe('send windows and sender limits, with the real dispatcher', () => {
  const harness = new EnrollmentHarness();
  beforeAll(async () => {
    await harness.start(3916);
    await harness.startDispatcher(3917);
  }, 120_000);
  afterAll(() => harness.stop());

  const clock = (hour: number) => (hour >= 24 ? '24:00' : `${String(hour).padStart(2, '0')}:00`);

  /** Open now in UTC, for at least another hour; closed now in a zone 14 hours ahead. */
  const openNowInUtc = () => {
    const hour = new Date().getUTCHours();
    return { days: [1, 2, 3, 4, 5, 6, 7], start: clock(Math.max(0, hour - 1)), end: clock(hour + 2) };
  };

  it('a send outside the working hours or over the daily limit waits, and the recipient shows which', async () => {
    const workingHours = { ...openNowInUtc(), holidays: ['2020-01-01'] };
    const identity = await harness.api<{ id: string }>('POST', '/v1/identities', {
      channel: 'email',
      address: `limited-${Date.now()}@acme.test`,
      timezone: 'UTC',
      dailyLimit: 1,
      workingHours,
    });
    expect(identity.status).toBe(201);
    const identityId = identity.body.id;
    const sequenceId = await launchSequence(harness, [
      { kind: 'step', id: 'intro', type: 'automated_email', name: 'Intro', identityId, subject: 'Hi', body: 'Hello' },
      {
        kind: 'step',
        id: 'follow-up',
        type: 'automated_email',
        name: 'Follow-up',
        identityId,
        delay: { amount: 1, unit: 'days' },
        sameThreadAsPrevious: true,
        body: 'Bump',
      },
    ]);
    const enrolled = await harness.api<{ enrolled: { enrollmentId: string }[] }>(
      'POST',
      `/v1/sequences/${sequenceId}/enrollments`,
      {
        recipients: [
          { email: 'first@example.com' },
          { email: 'second@example.com' },
          { email: 'far-away@example.com', timezone: 'Pacific/Kiritimati' },
        ],
      },
    );
    const [first, second, farAway] = enrolled.body.enrolled.map((e) => e.enrollmentId);

    const limits = { identityId, timezone: 'UTC', dailyCap: 1 };
    expect((await awaitTimer(harness, first, 1)).action).toMatchObject({
      kind: 'send_step',
      window: { ...workingHours, timezone: 'UTC' },
      limits,
    });
    expect((await awaitTimer(harness, farAway, 1)).action).toMatchObject({
      window: { ...workingHours, timezone: 'Pacific/Kiritimati' },
      limits,
    });

    // The recipient's own zone decides: it is night on Kiritimati.
    await awaitStatus(harness, farAway, 'in_progress', 'outside_working_hours');
    // One of the two in UTC used the identity's only send of the day; the other waits for tomorrow.
    const substatuses = await waitFor('the daily limit to hold one send back', async () => {
      const both = [(await view(harness, first)).substatus, (await view(harness, second)).substatus].sort();
      return both[0] === 'identity_limit_reached' && both;
    });
    expect(substatuses).toEqual(['identity_limit_reached', 'scheduled']);

    const announced = await waitFor('the substatus change to be announced', () =>
      harness.tap
        .of('enrollment.transitioned')
        .find(
          (m) =>
            m.key === farAway &&
            (m.envelope.payload as { status?: { substatus?: string } }).status?.substatus === 'outside_working_hours',
        ),
    );
    expect(announced.envelope.payload).toMatchObject({
      status: { from: 'in_progress', to: 'in_progress', stepId: 'intro' },
    });

    // The same deferral again (the dispatcher tries at `until` and defers once more): one timeline row.
    const deferral = (version: number) =>
      createEnvelope(timerDeferredSchema, {
        tenantId: 'acme',
        key: farAway,
        payload: {
          timerId: farAway,
          version,
          reason: 'outside_working_hours',
          enrollmentId: farAway,
          stepId: 'intro',
          until: new Date(Date.now() + 3_600_000).toISOString(),
        },
      });
    await harness.publish(Topics.timerFired, [deferral(1)]);

    // The held send finally goes out: the recipient moves on as usual, with the window on the next send.
    await harness.publish(Topics.emailOutcomes, [outcome(farAway, sequenceId, 'intro', 'sent')]);
    await awaitStatus(harness, farAway, 'in_progress', 'waiting_for_delay');
    expect((await awaitTimer(harness, farAway, 2)).action).toMatchObject({
      step: { stepId: 'follow-up' },
      window: { timezone: 'Pacific/Kiritimati' },
    });

    // A late deferral of the intro's timer (an older version) changes nothing.
    await harness.publish(Topics.timerFired, [deferral(1)]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await view(harness, farAway);
    expect(after).toMatchObject({ status: 'in_progress', substatus: 'waiting_for_delay', currentNodeId: 'follow-up' });
    expect(after.timeline.filter((t) => t.substatus === 'outside_working_hours')).toHaveLength(1);
    expect(harness.tap.of('timer.cancelled').filter((m) => m.key === farAway)).toEqual([]);
  });

  it("an identity's hourly and weekly limits reach the timer as the caps the dispatcher counts", async () => {
    const identity = await harness.api<{ id: string; hourlyLimit: number; weeklyLimit: number }>(
      'POST',
      '/v1/identities',
      {
        channel: 'email',
        address: `weekly-${Date.now()}@acme.test`,
        timezone: 'Asia/Kolkata',
        hourlyLimit: 2,
        weeklyLimit: 9,
      },
    );
    expect(identity.status).toBe(201);
    expect(identity.body).toMatchObject({ hourlyLimit: 2, weeklyLimit: 9 });
    const identityId = identity.body.id;
    const sequenceId = await launchSequence(harness, [
      { kind: 'step', id: 'intro', type: 'automated_email', name: 'Intro', identityId, subject: 'Hi', body: 'Hello' },
    ]);
    const enrolled = await harness.api<{ enrolled: { enrollmentId: string }[] }>(
      'POST',
      `/v1/sequences/${sequenceId}/enrollments`,
      { recipients: [{ email: 'capped@example.com' }] },
    );
    const [{ enrollmentId }] = enrolled.body.enrolled as [{ enrollmentId: string }];

    const { action } = await awaitTimer(harness, enrollmentId, 1);
    expect(action).toMatchObject({ kind: 'send_step' });
    expect(action.kind === 'send_step' && action.limits).toEqual({
      identityId,
      timezone: 'Asia/Kolkata',
      hourlyCap: 2,
      weeklyCap: 9,
    });
  });

  it('a recipient time zone that is not one is refused row by row, naming the field', async () => {
    const sequenceId = await launchSequence(harness, [{ kind: 'step', id: 'call', type: 'task', name: 'Call' }]);
    const response = await harness.api<{ rejected: { index: number; field: string; reason: string }[] }>(
      'POST',
      `/v1/sequences/${sequenceId}/enrollments`,
      {
        recipients: [
          { email: 'ok@example.com', timezone: 'Europe/Berlin' },
          { email: 'x@example.com', timezone: 'Mars/Base' },
        ],
      },
    );
    expect(response.body.rejected).toEqual([
      { index: 1, field: 'timezone', reason: 'expected an IANA time zone such as Europe/Berlin' },
    ]);
  });
});
