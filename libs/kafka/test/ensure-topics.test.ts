// The root config's project-level testTimeout is not applied by jest 30 (it is a global option).
jest.setTimeout(60_000);

import type { Kafka } from 'kafkajs';
import { ensureTopics } from '../src';
import { testKafka, unique } from './support';

describe('ensureTopics (real broker)', () => {
  let kafka: Kafka;
  beforeAll(() => {
    kafka = testKafka();
  });

  async function partitionsOf(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return topics[0]?.partitions.length ?? 0;
    } finally {
      await admin.disconnect();
    }
  }

  it('creates missing topics and survives several services racing to create the same ones', async () => {
    const a = unique('ensure-a');
    const b = unique('ensure-b');
    const specs = [
      { topic: a, partitions: 3 },
      { topic: b, partitions: 2 },
    ];
    // Two partly overlapping racers: one also creates only `a`, so the broker reports a mixed result.
    await Promise.all([
      ensureTopics(kafka, specs),
      ensureTopics(kafka, specs),
      ensureTopics(kafka, [{ topic: a, partitions: 3 }]),
    ]);
    expect(await partitionsOf(a)).toBe(3);
    expect(await partitionsOf(b)).toBe(2);
    // Idempotent: a second start changes nothing and does not fail.
    await ensureTopics(kafka, specs);
    expect(await partitionsOf(a)).toBe(3);
  });

  it('adds partitions when asked for more, even when two services grow it at once, and never shrinks', async () => {
    const topic = unique('ensure-grow');
    await ensureTopics(kafka, [{ topic, partitions: 2 }]);
    await Promise.all([
      ensureTopics(kafka, [{ topic, partitions: 5 }]),
      ensureTopics(kafka, [{ topic, partitions: 5 }]),
    ]);
    expect(await partitionsOf(topic)).toBe(5);
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    expect(await partitionsOf(topic)).toBe(5);
  });
});
