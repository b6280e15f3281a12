import { Topics } from '@stepwise/contracts';
import { uniqueName } from '@stepwise/testing';
import { AnalyticsHarness } from './support/analytics-harness';
import { sequencePublished } from './support/events';

const harness = new AnalyticsHarness();
beforeAll(() => harness.start(), 90_000);
afterAll(() => harness.stop());

interface OpenApiDocument {
  paths: Record<string, { get?: { parameters: { name: string; in: string }[] } }>;
}

const READ_PATHS = [
  '/v1/campaign-stats',
  '/v1/sequences/{sequenceId}/campaign-stats',
  '/v1/sequences/{sequenceId}/overview',
  '/v1/sequences/{sequenceId}/snapshot',
];

test('/docs serves the read API: snapshot, campaign stats with from/to, channel KPIs', async () => {
  const { status, body } = await harness.get<OpenApiDocument>('/docs/openapi.json', null);
  expect(status).toBe(200);
  expect(Object.keys(body.paths).sort()).toEqual(READ_PATHS);
  for (const path of ['/v1/campaign-stats', '/v1/sequences/{sequenceId}/campaign-stats']) {
    const query = body.paths[path]?.get?.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    expect(query).toEqual(['from', 'to']);
  }
});

test('every documented path is a route that answers with its documented parameters filled in', async () => {
  const sequenceId = uniqueName('seq');
  await harness.publish(Topics.enrollmentEvents, [
    sequencePublished(sequenceId, [{ stepId: 'intro', type: 'automated_email' }]),
  ]);
  await harness.consumed();
  const { body } = await harness.get<OpenApiDocument>('/docs/openapi.json', null);
  for (const [path, item] of Object.entries(body.paths)) {
    const query = new URLSearchParams(
      (item.get?.parameters ?? []).filter((p) => p.in === 'query').map((p): [string, string] => [p.name, '2026-01-01']),
    );
    const url = `${path.replace('{sequenceId}', sequenceId)}?${query.toString()}`;
    expect({ url, status: (await harness.get(url)).status }).toEqual({ url, status: 200 });
  }
});
