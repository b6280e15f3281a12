import { Topics } from '@stepwise/contracts';
import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness, OTHER_API_KEY } from './support/enrollment-harness';
import { launchAndEnroll, outcome } from './support/fixtures';
import { view } from './support/launch-sequence';

interface Entry {
  id: string;
  enrollmentId: string;
  recipientId: string;
  email: string | null;
  stepId: string | null;
  fromStatus: string | null;
  toStatus: string;
  substatus: string | null;
  cause: string;
  occurredAt: string;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

/** Seed 002: a sequence's activity log, read from its recipients' timelines. */
describe('GET /v1/sequences/{id}/activity', () => {
  const harness = new EnrollmentHarness();
  const emails = [
    'ada@example.com',
    'grace@example.com',
    'linus@example.com',
    'barbara@example.com',
    'ken@example.com',
  ];
  let sequenceId: string;
  let enrollmentIds: string[];
  let all: Entry[];

  const activity = async (query: Record<string, string> = {}, apiKey?: string) =>
    harness.api<Page>('GET', `/v1/sequences/${sequenceId}/activity?${new URLSearchParams(query)}`, undefined, apiKey);

  beforeAll(async () => {
    await harness.start(4625);
    ({ sequenceId, enrollmentIds } = await launchAndEnroll(harness, emails));
    // Another sequence's recipients must never show in this one's log.
    const other = await launchAndEnroll(harness, ['ada@example.com']);
    await harness.publish(Topics.emailOutcomes, [outcome(other.enrollmentIds[0], other.sequenceId, 'intro', 'sent')]);
    // Apart in time from the enrolment, so a date range can split the two.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await harness.publish(
      Topics.emailOutcomes,
      enrollmentIds.slice(0, 3).map((id) => outcome(id, sequenceId, 'intro', 'sent')),
    );
    for (const id of enrollmentIds.slice(0, 3)) {
      await waitFor(`${id} on the follow-up`, async () => (await view(harness, id)).timeline.length === 2);
    }
    const response = await activity({ limit: '500' });
    expect(response.status).toBe(200);
    all = response.body.items;
  }, 60_000);
  afterAll(() => harness.stop());

  it("lists every recipient's timeline entries after enrolment and a step, newest first, and nothing else", async () => {
    expect(all).toHaveLength(5 + 3);
    const ids = all.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))).toEqual(ids);
    expect(new Set(all.map((e) => e.enrollmentId))).toEqual(new Set(enrollmentIds));
    for (const id of enrollmentIds) {
      const timeline = (await view(harness, id)).timeline;
      const logged = all.filter((e) => e.enrollmentId === id).reverse();
      expect(logged.map(({ fromStatus, toStatus, cause }) => ({ fromStatus, toStatus, cause }))).toEqual(
        timeline.map(({ fromStatus, toStatus, cause }) => ({ fromStatus, toStatus, cause })),
      );
    }
    expect(all.filter((e) => e.fromStatus === 'not_started')).toHaveLength(5);
    expect(all.filter((e) => e.fromStatus === 'in_progress' && e.toStatus === 'in_progress')).toHaveLength(3);
    expect(all.find((e) => e.enrollmentId === enrollmentIds[1])?.email).toBe(emails[1]);
  });

  it('filters by step', async () => {
    const steps = [...new Set(all.map((e) => e.stepId))].filter((s): s is string => s !== null);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    for (const stepId of steps) {
      const { body } = await activity({ stepId });
      const expected = all.filter((e) => e.stepId === stepId);
      expect(expected.length).toBeLessThan(all.length);
      expect(body.items).toEqual(expected);
    }
    expect((await activity({ stepId: 'no-such-step' })).body.items).toEqual([]);
  });

  it('filters by recipient, by enrollment id or by email', async () => {
    const target = enrollmentIds[0];
    const expected = all.filter((e) => e.enrollmentId === target);
    expect(expected).toHaveLength(2);
    expect((await activity({ enrollmentId: target })).body.items).toEqual(expected);
    expect((await activity({ email: emails[0].toUpperCase() })).body.items).toEqual(expected);
    expect((await activity({ email: 'nobody@example.com' })).body.items).toEqual([]);
  });

  it('filters by date range: from inclusive, to exclusive', async () => {
    const sends = all.filter((e) => e.fromStatus === 'in_progress');
    const from = sends.map((e) => e.occurredAt).sort()[0];
    const fromMs = Date.parse(from);
    const enrolments = all.filter((e) => e.fromStatus === 'not_started');
    expect(enrolments.every((e) => Date.parse(e.occurredAt) < fromMs)).toBe(true);
    expect((await activity({ from })).body.items).toEqual(sends);
    expect((await activity({ to: from })).body.items).toEqual(enrolments);
    const after = new Date(Date.parse(all[0].occurredAt) + 1).toISOString();
    expect((await activity({ from: after })).body.items).toEqual([]);
  });

  it('pages with a cursor, with no duplicates or gaps, alone and with a filter', async () => {
    for (const [query, expected] of [
      [{}, all],
      [{ to: new Date(Date.parse(all[0].occurredAt) + 1).toISOString() }, all],
      [{ stepId: all[all.length - 1].stepId ?? '' }, all.filter((e) => e.stepId === all[all.length - 1].stepId)],
    ] as const) {
      const seen: Entry[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { status: number; body: Page } = await activity({
          ...query,
          limit: '3',
          ...(cursor ? { cursor } : {}),
        });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 3)));
    }
  });

  it("answers 404 for another tenant's sequence and an unknown one", async () => {
    const foreign = await activity({}, OTHER_API_KEY);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(emails[0]);
    const unknown = await harness.api('GET', '/v1/sequences/seq_unknown/activity');
    expect(unknown.status).toBe(404);
  });

  it('answers 400 naming the field for a range that ends before it starts, a bad date or a bad cursor', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: '2026-12-02T10:00:00Z', to: '2026-12-01T10:00:00Z' }, 'from'],
      [{ from: '2026-12-01T10:00:00Z', to: '2026-12-01T10:00:00Z' }, 'from'],
      [{ to: 'yesterday' }, 'to'],
      [{ cursor: 'abc' }, 'cursor'],
      [{ email: 'not-an-email' }, 'email'],
      [{ limit: '0' }, 'limit'],
    ];
    for (const [query, field] of cases) {
      const response = await activity(query);
      expect(response.status).toBe(400);
      expect((response.body as unknown as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([field]);
    }
  });
});
