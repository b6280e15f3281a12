// The root config's project-level testTimeout is not applied by jest 30 (it is a global option).
jest.setTimeout(60_000);

import { deadLetterSchema, type DeadLetter } from '@stepwise/contracts';
import type { ConsumerConfig, Kafka, TopicOffsets } from 'kafkajs';
import { Registry } from 'prom-client';
import { BatchingProducer, EnvelopeConsumer, type ConsumedMessage, type EnvelopeConsumerOptions } from '../src';
import {
  committedOffsets,
  counted,
  countedSchema,
  createTopics,
  delay,
  logger,
  readMessages,
  testKafka,
  unique,
  waitFor,
  type Counted,
} from './support';

type Handler = (batch: ConsumedMessage<Counted>[]) => Promise<void>;

describe('EnvelopeConsumer (real broker)', () => {
  let kafka: Kafka;
  let producer: BatchingProducer;
  const running: EnvelopeConsumer<Counted>[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    producer = new BatchingProducer(kafka, { registry: new Registry() });
    await producer.connect();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  /** A fresh input topic (one partition, so one batch holds everything) and dead-letter topic. */
  async function topics(name: string) {
    const topic = unique(name);
    const deadLetterTopic = unique(`${name}-dlq`);
    await createTopics(kafka, { topic, partitions: 1 }, { topic: deadLetterTopic, partitions: 1 });
    return { topic, deadLetterTopic };
  }

  async function publishCounted(topic: string, seqs: number[], poison?: number) {
    await producer.publish(
      seqs.map((seq) => ({ topic, envelope: counted('enr-1', seq, seq === poison ? { count: -1 } : {}) })),
    );
  }

  async function startConsumer(
    options: Pick<EnvelopeConsumerOptions<Counted>, 'topics' | 'deadLetterTopic' | 'groupId'> & {
      handleBatch: Handler;
      retry?: EnvelopeConsumerOptions<Counted>['retry'];
      kafka?: Kafka;
    },
  ) {
    const consumer = new EnvelopeConsumer<Counted>({
      kafka,
      schema: countedSchema,
      deadLetter: producer,
      logger,
      maxWaitTimeInMs: 200,
      retry: { attempts: 3, initialMs: 20, maxMs: 50 },
      ...options,
    });
    running.push(consumer);
    await consumer.start();
    return consumer;
  }

  async function stopAndForget(consumer: EnvelopeConsumer<Counted>) {
    running.splice(running.indexOf(consumer), 1);
    await consumer.stop();
  }

  async function deadLetters(topic: string, count: number): Promise<DeadLetter[]> {
    const records = await readMessages(kafka, topic, count);
    return records.map((r) => deadLetterSchema.parse(JSON.parse(r.value)));
  }

  const seqsOf = (batch: ConsumedMessage<Counted>[]) => batch.map((m) => m.envelope.payload.seq);

  it('dead-letters unparsable and schema-invalid messages with a reason naming the field, and handles their neighbours', async () => {
    const { topic, deadLetterTopic } = await topics('dlq');
    const valid = (seq: number) => JSON.stringify(counted('enr-1', seq));
    const schemaInvalid = JSON.stringify({ ...counted('enr-1', 2), payload: { seq: 2, count: 'many' } });
    await producer.publishRecords([
      { topic, key: 'enr-1', value: valid(0) },
      { topic, key: 'enr-1', value: '{"eventId": oops', headers: { origin: 'legacy-tool' } },
      { topic, key: 'enr-1', value: schemaInvalid },
      { topic, key: 'enr-1', value: valid(3) },
    ]);
    const handled: number[] = [];
    const groupId = unique('dlq-group');
    await startConsumer({
      groupId,
      topics: [topic],
      deadLetterTopic,
      handleBatch: async (b) => void handled.push(...seqsOf(b)),
    });
    await waitFor('valid messages handled', () => handled.length >= 2);

    const letters = await deadLetters(deadLetterTopic, 2);
    expect(handled).toEqual([0, 3]);
    expect(letters).toHaveLength(2);
    const [json, schema] = letters;
    expect(json).toMatchObject({
      originalTopic: topic,
      partition: 0,
      offset: '1',
      key: 'enr-1',
      value: '{"eventId": oops',
      headers: { origin: 'legacy-tool' },
      consumerGroup: groupId,
    });
    expect(json?.reason).toMatch(/^invalid JSON: /);
    expect(schema).toMatchObject({ offset: '2', value: schemaInvalid });
    expect(schema?.reason).toBe('schema violation at payload.count: Invalid input: expected number, received string');
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '4' });
  });

  it('retries a handler that fails twice, then commits the whole batch once', async () => {
    const { topic, deadLetterTopic } = await topics('retry');
    const seqs = Array.from({ length: 50 }, (_, i) => i);
    await publishCounted(topic, seqs);

    const calls: number[][] = [];
    const commits: TopicOffsets[][] = [];
    const groupId = unique('retry-group');
    await startConsumer({
      groupId,
      topics: [topic],
      deadLetterTopic,
      kafka: watchCommits(kafka, commits),
      handleBatch: async (batch) => {
        calls.push(seqsOf(batch));
        if (calls.length <= 2) throw new Error('database unavailable');
      },
    });
    await waitFor('third call', () => calls.length >= 3 && commits.length >= 1);
    await delay(300);

    expect(calls).toEqual([seqs, seqs, seqs]);
    expect(commits).toEqual([[{ topic, partitions: [{ partition: 0, offset: '50' }] }]]);
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '50' });
  });

  it('keeps retrying a batch while its dependency is down, past the retry policy, and dead-letters nothing', async () => {
    const { topic, deadLetterTopic } = await topics('outage');
    const seqs = Array.from({ length: 10 }, (_, i) => i);
    await publishCounted(topic, seqs);

    let calls = 0;
    const handled: number[] = [];
    const groupId = unique('outage-group');
    await startConsumer({
      groupId,
      topics: [topic],
      deadLetterTopic,
      retry: { attempts: 2, initialMs: 10, maxMs: 20 },
      handleBatch: async (batch) => {
        calls += 1;
        if (calls <= 8) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        handled.push(...seqsOf(batch));
      },
    });
    await waitFor('the batch after the outage', () => handled.length === seqs.length);

    expect(calls).toBe(9);
    expect(handled).toEqual(seqs);
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '10' });
    const admin = kafka.admin();
    await admin.connect();
    const deadLetterEnds = await admin.fetchTopicOffsets(deadLetterTopic).finally(() => admin.disconnect());
    expect(deadLetterEnds.map((p) => p.high)).toEqual(['0']);
  });

  it('isolates a message the handler always fails on: only it is dead-lettered, the rest are handled', async () => {
    const { topic, deadLetterTopic } = await topics('poison');
    const seqs = Array.from({ length: 20 }, (_, i) => i);
    await publishCounted(topic, seqs, 7);

    const handled: number[] = [];
    const groupId = unique('poison-group');
    await startConsumer({
      groupId,
      topics: [topic],
      deadLetterTopic,
      retry: { attempts: 2, initialMs: 10, maxMs: 20 },
      handleBatch: async (batch) => {
        const poison = batch.find((m) => m.envelope.payload.count < 0);
        if (poison) throw new Error(`cannot handle seq ${poison.envelope.payload.seq}`);
        handled.push(...seqsOf(batch));
      },
    });
    const letters = await deadLetters(deadLetterTopic, 1);

    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      originalTopic: topic,
      offset: '7',
      reason: 'handler failed: cannot handle seq 7',
    });
    expect(JSON.parse(letters[0]?.value ?? '')).toMatchObject({ payload: { seq: 7, count: -1 } });
    expect(handled).toEqual(seqs.filter((s) => s !== 7));
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '20' });
  });

  it('stop() waits for the in-flight batch and commits it; the next consumer of the group does not handle it again', async () => {
    const { topic, deadLetterTopic } = await topics('stop');
    await publishCounted(
      topic,
      Array.from({ length: 30 }, (_, i) => i),
    );
    const groupId = unique('stop-group');

    const first: number[] = [];
    let entered = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = await startConsumer({
      groupId,
      topics: [topic],
      deadLetterTopic,
      handleBatch: async (batch) => {
        entered = true;
        await gate;
        first.push(...seqsOf(batch));
      },
    });
    await waitFor('handler entered', () => entered);
    let stopped = false;
    const stopping = stopAndForget(consumer).then(() => (stopped = true));
    await delay(400);
    expect(stopped).toBe(false); // still waiting for the handler
    release();
    await stopping;
    expect(first.length).toBeGreaterThan(0);
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: String(first.length) });

    await publishCounted(
      topic,
      Array.from({ length: 10 }, (_, i) => 30 + i),
    );
    const second: number[] = [];
    await startConsumer({
      groupId,
      topics: [topic],
      deadLetterTopic,
      handleBatch: async (b) => void second.push(...seqsOf(b)),
    });
    await waitFor('the rest handled', () => first.length + second.length >= 40);
    await delay(400);
    expect([...first, ...second]).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('stop() during a retry backoff returns at once and commits nothing; the batch goes to the next consumer', async () => {
    const { topic, deadLetterTopic } = await topics('stop-retry');
    await publishCounted(topic, [0, 1, 2]);
    const groupId = unique('stop-retry-group');

    let calls = 0;
    const consumer = await startConsumer({
      groupId,
      topics: [topic],
      deadLetterTopic,
      retry: { attempts: 10, initialMs: 5_000, maxMs: 5_000 },
      handleBatch: async () => {
        calls++;
        throw new Error('still down');
      },
    });
    await waitFor('first failure', () => calls >= 1);
    const started = Date.now();
    await stopAndForget(consumer);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(calls).toBe(1);
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '-1' });

    const handled: number[] = [];
    await startConsumer({
      groupId,
      topics: [topic],
      deadLetterTopic,
      handleBatch: async (b) => void handled.push(...seqsOf(b)),
    });
    await waitFor('redelivered batch handled', () => handled.length >= 3);
    expect(handled).toEqual([0, 1, 2]);
  });
});

/** A view of `kafka` whose consumers report every offset commit they make. */
function watchCommits(kafka: Kafka, commits: TopicOffsets[][]): Kafka {
  return new Proxy(kafka, {
    get(target, property, receiver) {
      if (property !== 'consumer') return Reflect.get(target, property, receiver);
      return (config: ConsumerConfig) => {
        const consumer = target.consumer(config);
        consumer.on(consumer.events.COMMIT_OFFSETS, (event) => commits.push(event.payload.topics));
        return consumer;
      };
    },
  });
}
