import { createEnvelope, sequencePublishedSchema } from '@stepwise/contracts';
import { latestShapes } from './sequence-published.reaction';

function published(name: string, occurredAt: string, sequenceId = 'seq_1') {
  return createEnvelope(sequencePublishedSchema, {
    tenantId: 'tenant_a',
    key: sequenceId,
    occurredAt: new Date(occurredAt),
    payload: { sequenceId, name, status: 'active', openTrackingEnabled: true, steps: [], branches: [] },
  });
}

test('latestShapes keeps the newest publication of each sequence, whatever the batch order', () => {
  const shapes = latestShapes([
    published('v2', '2026-01-02T00:00:00Z'),
    published('v1', '2026-01-01T00:00:00Z'),
    published('other', '2026-01-01T00:00:00Z', 'seq_2'),
  ]);
  expect(shapes.map((s) => [s.sequenceId, s.name, s.tenantId])).toEqual([
    ['seq_1', 'v2', 'tenant_a'],
    ['seq_2', 'other', 'tenant_a'],
  ]);
});
