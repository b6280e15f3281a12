import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Topics, topicCatalog, type TopicName } from '@stepwise/contracts';
import {
  DeadLetterCollector,
  FuzzPublisher,
  MESSAGE_SAMPLES,
  badMessages,
  foreignMessages,
  namesFieldOrParent,
  settledDigest,
  stateDigest,
  topicConsumers,
  waitForConsumersCaughtUp,
  type BadMessage,
  type ConsumedTopic,
  type TaggedMessage,
} from '@stepwise/testing';
import { BadInputSystem, TENANTS } from './support/bad-input-system';
import { apiAs, seedTenant, type TenantData } from './support/tenant-data';

/** Per consumed topic; FUZZ_SEED replays a failing run. */
const RUNS_PER_TOPIC = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Enrollment records the ids of events it handled, no-ops included, so a redelivery is dropped. */
const EVENT_LEDGER = ['handled_event'];

describe('bad Kafka input: dead-lettered with the reason, the services stay up, nothing changes', () => {
  const env = new BadInputSystem(3960);
  let collector: DeadLetterCollector;
  let publisher: FuzzPublisher;
  let consumers: Map<string, string[]>;
  let acme: TenantData;

  beforeAll(async () => {
    await env.start();
    acme = await seedTenant(apiAs(env.url('enrollment'), TENANTS.acme.key));
    consumers = await topicConsumers(env.groupPrefix, env.topicPrefix);
    collector = await new DeadLetterCollector(env.topicPrefix + Topics.deadLetter).start();
    publisher = await new FuzzPublisher().start();
    console.info(`bad-input kafka fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS_PER_TOPIC}`);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([collector?.stop(), publisher?.stop()]);
    await env.stop();
  });

  it('has a valid sample of every message of every topic a service consumes', () => {
    const consumed = [...consumers.keys()].sort();
    expect(consumed.length).toBeGreaterThan(0);
    const missing = consumed.flatMap((topic) => {
      const samples = MESSAGE_SAMPLES[topic as ConsumedTopic] ?? [];
      const schemas = topicCatalog[topic as TopicName]?.messages ?? [];
      return schemas
        .filter((schema) => !samples.some((sample) => schema.safeParse(sample).success))
        .map((schema) => `${topic}: ${String(schema.meta()?.id ?? 'unnamed message')}`);
    });
    expect(missing).toEqual([]);
  });

  it('dead-letters every malformed message on every consumed topic with a reason naming the field', async () => {
    const before = await settledDigest(env.databaseUrl, env.schemas);
    const published = await publishBadMessages();

    const short = await collector.waitForAll(
      published.map((p) => p.fuzzId),
      1,
      120_000,
    );
    await waitForConsumersCaughtUp(consumers, env.topicPrefix);

    const problems = published.flatMap((p) => checkDeadLetters(p, consumers.get(p.topic) ?? []));
    expect({ notDeadLettered: short.map((id) => identify(published, id)), problems }).toEqual({
      notDeadLettered: [],
      problems: [],
    });
    expect(collector.strays).toEqual([]);
    expect(await env.unready()).toEqual([]);
    expect(await stateDigest(env.databaseUrl, env.schemas)).toEqual(before);
  }, 200_000);

  it("ignores valid messages that name another tenant's or nobody's enrollment, identity or address", async () => {
    const enrollmentSchema = [env.schemaOf('enrollment')];
    const before = await settledDigest(env.databaseUrl, enrollmentSchema, { ignore: EVENT_LEDGER });
    const owner = { tenantId: TENANTS.acme.id, ...acme };
    const sent: { topic: string; fuzzId: string; aim: string }[] = [];
    for (const [topic, groups] of consumers) {
      if (!groups.some((g) => g.includes('.enrollment.'))) continue;
      const samples = MESSAGE_SAMPLES[topic as ConsumedTopic] ?? [];
      const schemas = topicCatalog[topic as TopicName].messages;
      const messages = fc
        .sample(foreignMessages(samples, owner), { numRuns: RUNS_PER_TOPIC, seed: SEED })
        .filter((m) => schemas.some((schema) => schema.safeParse(m.value).success));
      const tagged = messages.map((m) => ({
        fuzzId: randomUUID(),
        value: Buffer.from(JSON.stringify(m.value)),
        aim: m.aim,
      }));
      await publisher.publish(env.topicPrefix + topic, tagged);
      sent.push(...tagged.map((t) => ({ topic, fuzzId: t.fuzzId, aim: t.aim })));
    }
    expect(sent.length).toBeGreaterThan(0);
    await waitForConsumersCaughtUp(consumers, env.topicPrefix);

    const deadLettered = sent
      .filter((s) => collector.of(s.fuzzId).length > 0)
      .map((s) => `${s.topic} ${s.aim}: ${collector.of(s.fuzzId)[0]?.reason}`);
    expect(deadLettered).toEqual([]);
    expect(await env.unready()).toEqual([]);
    expect(await settledDigest(env.databaseUrl, enrollmentSchema, { ignore: EVENT_LEDGER })).toEqual(before);
  }, 200_000);

  // Postgres text cannot hold NUL: the contracts refuse it in tenant ids, keys and ids, so it is a
  // schema violation naming the field rather than a handler failing on the database.
  it('dead-letters a message whose tenant id holds a NUL byte as a schema violation naming tenantId', async () => {
    const [sample] = MESSAGE_SAMPLES[Topics.publicReplies] ?? [];
    const fuzzId = randomUUID();
    const value = { ...(sample as object), eventId: randomUUID(), tenantId: 'acme\u0000' };
    await publisher.publish(env.topicPrefix + Topics.publicReplies, [
      { fuzzId, value: Buffer.from(JSON.stringify(value)) },
    ]);
    await collector.waitForAll([fuzzId], 1, 30_000);
    expect(collector.of(fuzzId).map((l) => l.reason)).toEqual([expect.stringMatching(/^schema violation at tenantId/)]);
  });

  // The dead letter of a message close to the broker's 1 MiB limit (its original escaped once
  // more) would exceed the limit and stop the consumer: the value is cut (libs/kafka dead-letter.ts)
  // and the dead-letter topic takes larger messages.
  it('dead-letters a message close to the size limit and keeps consuming', async () => {
    const [sample] = MESSAGE_SAMPLES[Topics.identityHealth] ?? [];
    const value = { ...(sample as object), eventId: randomUUID(), tenantId: '\u0000'.repeat(155_000) };
    const fuzzId = randomUUID();
    await publisher.publish(env.topicPrefix + Topics.identityHealth, [
      { fuzzId, value: Buffer.from(JSON.stringify(value)) },
    ]);
    await collector.waitForAll([fuzzId], 1, 20_000);
    expect(collector.of(fuzzId)).toHaveLength(1);
    expect(await env.unready()).toEqual([]);
  });

  type Published = TaggedMessage & { topic: string; bad: BadMessage };

  async function publishBadMessages(): Promise<Published[]> {
    const all: Published[] = [];
    for (const topic of consumers.keys()) {
      const schemas = topicCatalog[topic as TopicName].messages;
      const samples = MESSAGE_SAMPLES[topic as ConsumedTopic] ?? [];
      const bad = fc.sample(badMessages(schemas, samples), { numRuns: RUNS_PER_TOPIC, seed: SEED });
      const tagged = bad.map((b) => ({ topic, fuzzId: randomUUID(), value: b.value, bad: b }));
      await publisher.publish(env.topicPrefix + topic, tagged);
      all.push(...tagged);
    }
    return all;
  }

  /**
   * At least one consumer dead-letters it: a consumer that reads only some types of a shared topic
   * (channels read status changes off the enrollment events) may pass the others by. Every dead
   * letter names the field, keeps the original bytes and says where the message came from.
   */
  function checkDeadLetters(published: Published, groups: readonly string[]): string[] {
    const letters = collector.of(published.fuzzId);
    const where = identify([published], published.fuzzId);
    const problems: string[] = [];
    const byGroup = letters.map((l) => l.consumerGroup);
    if (letters.length === 0) problems.push(`${where}: not dead-lettered by any of [${groups.join(', ')}]`);
    if (new Set(byGroup).size !== byGroup.length || byGroup.some((g) => !groups.includes(g)))
      problems.push(`${where}: dead-lettered by [${byGroup.join(', ')}], consumers are [${groups.join(', ')}]`);
    for (const letter of letters) {
      const reason = letter.reason;
      const expected = published.bad.expected;
      const ok =
        expected.kind === 'empty_value'
          ? reason.startsWith('empty value')
          : expected.kind === 'invalid_json'
            ? reason.startsWith('invalid JSON')
            : namesFieldOrParent(/^schema violation at (.+?): /.exec(reason)?.[1] ?? '', expected.field);
      if (!ok)
        problems.push(
          `${where}: ${letter.consumerGroup} says "${reason.slice(0, 300)}", not naming ${JSON.stringify(expected)}`,
        );
      if (letter.originalTopic !== env.topicPrefix + published.topic)
        problems.push(`${where}: originalTopic ${letter.originalTopic}`);
      const original = published.value?.toString('utf8') ?? null;
      if (expected.kind === 'schema' && letter.value !== original) problems.push(`${where}: original bytes not kept`);
    }
    return problems;
  }
});

function identify(published: readonly (TaggedMessage & { topic: string; bad: BadMessage })[], fuzzId: string): string {
  const p = published.find((x) => x.fuzzId === fuzzId);
  return p ? `${p.topic} [${p.bad.mutation}] ${(p.value?.toString('utf8') ?? 'null').slice(0, 200)}` : fuzzId;
}
