// The root config's project-level testTimeout is not applied by jest 30 (it is a global option).
jest.setTimeout(60_000);

import type { Kafka } from 'kafkajs';
import { Registry, type Histogram } from 'prom-client';
import {
  BatchingProducer,
  createProducerClient,
  EnvelopeConsumer,
  PRODUCER_CLIENT_KINDS,
  ProducerMetricNames,
  type BatchingProducerOptions,
  type ConsumedMessage,
} from '../src';
import {
  counted,
  countedSchema,
  BROKERS,
  createTopics,
  delay,
  logger,
  testKafka,
  unique,
  waitFor,
  type Counted,
} from './support';

async function batchStats(registry: Registry): Promise<{ calls: number; messages: number }> {
  const metric = registry.getSingleMetric(ProducerMetricNames.batchSize) as Histogram;
  const { values } = await metric.get();
  const pick = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
  return {
    calls: pick(`${ProducerMetricNames.batchSize}_count`),
    messages: pick(`${ProducerMetricNames.batchSize}_sum`),
  };
}

// Every guarantee below holds on both wire clients a service can be configured with.
describe.each(PRODUCER_CLIENT_KINDS)('BatchingProducer on %s (real broker)', (kind) => {
  let kafka: Kafka;
  beforeAll(() => {
    kafka = testKafka();
  });
  const batchingProducer = (options: BatchingProducerOptions) =>
    new BatchingProducer(
      createProducerClient({ kind, kafka, brokers: BROKERS, clientId: unique('producer'), logger }),
      options,
    );

  it('publishes 5,000 envelopes in a few batches; a consumer gets each exactly once, in key order per partition', async () => {
    const topic = unique('order');
    const deadLetterTopic = unique('order-dlq');
    await createTopics(kafka, { topic, partitions: 6 }, { topic: deadLetterTopic, partitions: 1 });
    const registry = new Registry();
    const producer = batchingProducer({ registry });
    await producer.connect();

    const keys = Array.from({ length: 50 }, (_, i) => `enr-${i}`);
    const perKey = 100;
    // Interleaved across keys, as a busy outbox would publish them.
    const messages = Array.from({ length: perKey }, (_, seq) =>
      keys.map((key) => ({ topic, envelope: counted(key, seq) })),
    ).flat();
    await producer.publish(messages);

    // Coalesced: 5 sendBatch calls of 1000, never one per message.
    expect(await batchStats(registry)).toEqual({ calls: 5, messages: 5000 });

    const seen = new Map<string, { partition: number; seq: number }[]>();
    let handled = 0;
    const consumer = new EnvelopeConsumer<Counted>({
      kafka,
      groupId: unique('order-group'),
      topics: [topic],
      schema: countedSchema,
      deadLetter: producer,
      deadLetterTopic,
      logger,
      maxWaitTimeInMs: 200,
      partitionsConsumedConcurrently: 3,
      handleBatch: async (batch: ConsumedMessage<Counted>[]) => {
        for (const m of batch) {
          const list = seen.get(m.envelope.key) ?? [];
          list.push({ partition: m.partition, seq: m.envelope.payload.seq });
          seen.set(m.envelope.key, list);
        }
        handled += batch.length;
      },
    });
    await consumer.start();
    try {
      await waitFor('5000 handled', () => handled >= 5000);
      await delay(500); // anything beyond 5000 would be a duplicate
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }

    expect(handled).toBe(5000);
    for (const key of keys) {
      const list = seen.get(key) ?? [];
      expect(list.map((e) => e.seq)).toEqual(Array.from({ length: perKey }, (_, i) => i));
      expect(new Set(list.map((e) => e.partition)).size).toBe(1);
    }
    // The key spread over more than one partition, so ordering was tested across partitions.
    expect(new Set([...seen.values()].map((list) => list[0]?.partition)).size).toBeGreaterThan(1);
  });

  it('coalesces many concurrent publish calls into few sends, each resolving after the broker acked', async () => {
    const topic = unique('coalesce');
    await createTopics(kafka, { topic, partitions: 3 });
    const registry = new Registry();
    const producer = batchingProducer({ registry });
    await producer.connect();
    try {
      await Promise.all(
        Array.from({ length: 400 }, (_, i) => producer.publish([{ topic, envelope: counted(`k${i % 7}`, i) }])),
      );
      const stats = await batchStats(registry);
      expect(stats.messages).toBe(400);
      expect(stats.calls).toBeLessThanOrEqual(3);

      // Acked means on the broker: the high watermarks already add up to 400.
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.disconnect();
      expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(400);
    } finally {
      await producer.disconnect();
    }
  });

  it('disconnect() sends what is still pending before closing', async () => {
    const topic = unique('flush');
    await createTopics(kafka, { topic, partitions: 1 });
    const producer = batchingProducer({ registry: new Registry(), lingerMs: 60_000 });
    await producer.connect();
    const published = producer.publish([{ topic, envelope: counted('k', 1) }]);
    await producer.disconnect();
    await published;
    const admin = kafka.admin();
    await admin.connect();
    const [partition] = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(partition?.high).toBe('1');
  });
});

// Ordering per recipient relies on one key always landing on one partition, whichever client
// (ours, or an outside publisher's Java client) produced it.
test('kafkajs and librdkafka put every key on the same partition', async () => {
  const kafka = testKafka();
  const topics = { kafkajs: unique('parts-js'), librdkafka: unique('parts-rd') };
  await createTopics(kafka, { topic: topics.kafkajs, partitions: 6 }, { topic: topics.librdkafka, partitions: 6 });
  const keys = Array.from({ length: 200 }, (_, i) => `enr_${i}_${unique('k')}`);
  for (const kind of PRODUCER_CLIENT_KINDS) {
    const producer = new BatchingProducer(
      createProducerClient({ kind, kafka, brokers: BROKERS, clientId: unique('producer'), logger }),
      { registry: new Registry() },
    );
    await producer.connect();
    await producer.publish(keys.map((key, seq) => ({ topic: topics[kind], envelope: counted(key, seq) })));
    await producer.disconnect();
  }
  const partitionOf: Record<string, Map<string, number>> = { kafkajs: new Map(), librdkafka: new Map() };
  let seen = 0;
  const consumer = kafka.consumer({ groupId: unique('parts-group'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(topics), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const kind = topic === topics.kafkajs ? 'kafkajs' : 'librdkafka';
      partitionOf[kind]?.set(message.key?.toString() ?? '', partition);
      seen++;
    },
  });
  try {
    await waitFor('both topics read', () => seen >= keys.length * 2);
  } finally {
    await consumer.disconnect();
  }
  expect(new Set(partitionOf.kafkajs?.values()).size).toBeGreaterThan(1);
  for (const key of keys) expect(partitionOf.librdkafka?.get(key)).toBe(partitionOf.kafkajs?.get(key));
});
