import { Topics } from '@stepwise/contracts';
import { uniqueName } from '@stepwise/testing';
import type { CampaignStats } from '../src/campaign/campaign-stats';
import type { SequenceOverview } from '../src/overview/sequence-overview';
import { AnalyticsHarness } from './support/analytics-harness';
import { sequencePublished, statusChanged, stepFacts, stepReached, type StepSpec } from './support/events';

const harness = new AnalyticsHarness();
beforeAll(() => harness.start(), 90_000);
afterAll(() => harness.stop());

/** Every sequence of this file, for the rebuild at the end. */
const sequences: string[] = [];

async function launch(steps: readonly StepSpec[]) {
  const sequenceId = uniqueName('seq');
  sequences.push(sequenceId);
  await harness.publish(Topics.enrollmentEvents, [sequencePublished(sequenceId, steps)]);
  return { sequenceId, enrollment: (n: number) => `${sequenceId}-e${n}` };
}

async function get<T>(path: string, from = harness): Promise<T> {
  await from.consumed();
  const { status, body } = await from.get<T>(path);
  expect(status).toBe(200);
  return body;
}

const email: StepSpec = { stepId: 'intro', type: 'automated_email' };

describe('campaign stats', () => {
  test('count reach outs by their creation date, whenever what happened to them happened', async () => {
    const { sequenceId, enrollment } = await launch([email]);
    const [october, novemberOpened, novemberCancelled] = [enrollment(1), enrollment(2), enrollment(3)];
    await harness.publish(Topics.enrollmentEvents, [
      stepReached(sequenceId, email, october, 1, new Date('2026-10-10T12:00:00Z')),
      stepReached(sequenceId, email, novemberOpened, 1, new Date('2026-11-05T12:00:00Z')),
      stepReached(sequenceId, email, novemberCancelled, 1, new Date('2026-11-06T12:00:00Z')),
    ]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'intro', october, { replied: true, attempted: true }),
      stepFacts(sequenceId, 'intro', novemberOpened, { opened: true, attempted: true }),
      stepFacts(sequenceId, 'intro', novemberOpened, { opened: true, attempted: true }),
      // A machine-generated open: enrollment states the step attempted, not opened.
      stepFacts(sequenceId, 'intro', novemberCancelled, { attempted: true }),
    ]);
    // The reply of today, to a reach out created in October, counts in October.
    await harness.publish(Topics.enrollmentEvents, [
      statusChanged(sequenceId, october, { to: 'replied', substatus: 'interested' }),
      statusChanged(sequenceId, novemberCancelled, { to: 'stopped', substatus: 'by_user' }),
    ]);

    const path = `/v1/sequences/${sequenceId}/campaign-stats`;
    expect(await get<CampaignStats>(`${path}?from=2026-10-01&to=2026-10-31`)).toEqual({
      from: '2026-10-01',
      to: '2026-10-31',
      reachOuts: 1,
      inProgress: 0,
      opens: 0,
      responses: 1,
      interested: 1,
    });
    // A machine-generated open is no open; a cancelled reach out is not in progress.
    expect(await get<CampaignStats>(`${path}?from=2026-11-01&to=2026-11-06`)).toMatchObject({
      reachOuts: 2,
      inProgress: 1,
      opens: 1,
      responses: 0,
      interested: 0,
    });
    expect(await get<CampaignStats>(`${path}?from=2026-11-06&to=2026-11-06`)).toMatchObject({ reachOuts: 1 });
  });

  test('tenant-wide, over every sequence of the tenant', async () => {
    const first = await launch([email]);
    const second = await launch([email]);
    const at = new Date('2020-02-03T08:00:00Z');
    await harness.publish(Topics.enrollmentEvents, [
      stepReached(first.sequenceId, email, first.enrollment(1), 1, at),
      stepReached(second.sequenceId, email, second.enrollment(1), 1, at),
      stepReached(second.sequenceId, email, second.enrollment(2), 1, at),
    ]);

    expect(await get<CampaignStats>('/v1/campaign-stats?from=2020-02-01&to=2020-02-29')).toMatchObject({
      reachOuts: 3,
      inProgress: 3,
    });
  });

  test('a missing or inverted date range is a 400 naming the field', async () => {
    const { sequenceId } = await launch([email]);
    const missing = await harness.get<{ message: string }>(`/v1/sequences/${sequenceId}/campaign-stats?to=2026-01-01`);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/^from: /);
    const inverted = await harness.get<{ message: string }>('/v1/campaign-stats?from=2026-02-01&to=2026-01-01');
    expect(inverted.status).toBe(400);
    expect(inverted.body.message).toMatch(/^to: /);
  });
});

describe('sequence overview', () => {
  test('KPIs per channel, tasks and the recipients currently at each step', async () => {
    const connect: StepSpec = { stepId: 'connect', type: 'linkedin_connection_request' };
    const dm: StepSpec = { stepId: 'dm', type: 'linkedin_message' };
    const call: StepSpec = { stepId: 'call', type: 'task' };
    const { sequenceId, enrollment } = await launch([connect, dm, email, call]);
    const [e1, e2, e3, e4, e5] = [1, 2, 3, 4, 5].map(enrollment) as [string, string, string, string, string];
    await harness.publish(
      Topics.enrollmentEvents,
      [e1, e2, e3, e4, e5].map((id) => stepReached(sequenceId, connect, id)),
    );
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'connect', e1, { invited: true, attempted: true }, 'social'),
      stepFacts(sequenceId, 'connect', e1, { accepted: true }, 'social'),
      stepFacts(sequenceId, 'connect', e2, { invited: true, attempted: true }, 'social'),
    ]);
    await harness.publish(Topics.enrollmentEvents, [
      stepReached(sequenceId, dm, e1),
      stepReached(sequenceId, email, e3),
      stepReached(sequenceId, email, e5),
      stepReached(sequenceId, call, e2),
      statusChanged(
        sequenceId,
        e2,
        { to: 'pending_action', stepId: 'call', substatus: 'task' },
        { call: { pending: true, attempted: true } },
      ),
    ]);
    await harness.publish(Topics.enrollmentEvents, [
      stepFacts(sequenceId, 'dm', e1, { sent: true, attempted: true }, 'social'),
      stepFacts(sequenceId, 'dm', e1, { replied: true }, 'social'),
      stepFacts(sequenceId, 'intro', e3, { sent: true, attempted: true }),
      stepFacts(sequenceId, 'intro', e3, { opened: true }),
      stepFacts(sequenceId, 'intro', e3, { clicked: true }),
      stepFacts(sequenceId, 'intro', e5, { sent: true, attempted: true }),
      stepFacts(sequenceId, 'intro', e5, { bounced: true }),
    ]);
    await harness.publish(Topics.enrollmentEvents, [
      statusChanged(sequenceId, e1, { to: 'replied', substatus: 'interested' }),
      statusChanged(sequenceId, e5, { to: 'bounced' }),
    ]);

    const overview = await get<SequenceOverview>(`/v1/sequences/${sequenceId}/overview`);
    expect(overview.allChannels).toEqual({ totalContacts: 5, started: 4, contacted: 4, replied: 1, positive: 1 });
    expect(overview.linkedin).toEqual({ engaged: 5, invited: 2, accepted: 1, contacted: 1, replied: 1, positive: 1 });
    expect(overview.email).toEqual({ sent: 2, clicked: 1, replied: 0, positive: 0, bounced: 1 });
    expect(overview.tasks).toEqual({ pending: 1, completed: 0 });
    // e1 replied and e5 bounced: they are at no step any more.
    expect(overview.flow.map((step) => [step.stepId, step.recipients])).toEqual([
      ['connect', 1],
      ['dm', 0],
      ['intro', 1],
      ['call', 1],
    ]);
  });

  test("another tenant's sequence is a 404, as a missing one", async () => {
    const { sequenceId } = await launch([email]);
    await harness.consumed();
    expect((await harness.get(`/v1/sequences/${sequenceId}/overview`, 'globex-key-0123456789abcdef')).status).toBe(404);
    expect((await harness.get(`/v1/sequences/${uniqueName('missing')}/overview`)).status).toBe(404);
  });
});

describe('rebuild', () => {
  test('a fresh instance replaying the topics from the earliest offset serves identical figures', async () => {
    const replica = harness.replica();
    try {
      await replica.start();
      const ranges = ['from=2020-01-01&to=2020-12-31', 'from=2026-10-01&to=2026-11-30'];
      for (const sequenceId of sequences) {
        const paths = [
          `/v1/sequences/${sequenceId}/snapshot`,
          `/v1/sequences/${sequenceId}/overview`,
          ...ranges.map((range) => `/v1/sequences/${sequenceId}/campaign-stats?${range}`),
        ];
        for (const path of paths) expect(await get(path, replica)).toEqual(await get(path));
      }
      for (const range of ranges) {
        expect(await get(`/v1/campaign-stats?${range}`, replica)).toEqual(await get(`/v1/campaign-stats?${range}`));
      }
    } finally {
      await replica.stop();
    }
  }, 120_000);
});
