import type { Admin, ITopicMetadata, Kafka } from 'kafkajs';

export interface TopicSpecInput {
  topic: string;
  partitions: number;
  /** -1 lets the broker apply default.replication.factor. */
  replicationFactor?: number;
  configEntries?: { name: string; value: string }[];
}

export interface EnsureTopicsOptions {
  /** How long to wait for every partition of every topic to have a leader. */
  timeoutMs?: number;
}

/**
 * Creates the topics that are missing and grows those with fewer partitions than asked.
 * Auto topic creation is off on our brokers and kafkajs fails a subscribe to an unknown topic at
 * once, so every service calls this before its consumers start. Several services may call it at
 * the same moment for the same topics: losing a creation race is fine, the metadata check at the
 * end is what decides success.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: readonly TopicSpecInput[],
  options: EnsureTopicsOptions = {},
): Promise<void> {
  const wanted = mergeSpecs(specs);
  if (wanted.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const existing = new Set(await admin.listTopics());
    await createMissing(
      admin,
      wanted.filter((spec) => !existing.has(spec.topic)),
    );
    // A topic just created (here or by a racing service) is briefly unknown to metadata; its
    // partition count can only be read, and grown, once it answers.
    await waitForLeaders(
      admin,
      wanted.map((spec) => ({ ...spec, partitions: 1 })),
      timeoutMs,
    );
    if (await growPartitions(admin, wanted)) await waitForLeaders(admin, wanted, timeoutMs);
  } finally {
    await admin.disconnect();
  }
}

/** The same topic listed twice (e.g. by two message catalogs) takes the larger partition count. */
export function mergeSpecs(specs: readonly TopicSpecInput[]): TopicSpecInput[] {
  const byTopic = new Map<string, TopicSpecInput>();
  for (const spec of specs) {
    const seen = byTopic.get(spec.topic);
    if (!seen || seen.partitions < spec.partitions) byTopic.set(spec.topic, spec);
  }
  return [...byTopic.values()];
}

async function createMissing(admin: Admin, missing: TopicSpecInput[]): Promise<void> {
  if (missing.length === 0) return;
  try {
    // Returns false when another process created them all first; that is success too.
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor ?? -1,
        configEntries: spec.configEntries,
      })),
    });
  } catch (error) {
    // A race on only part of the list surfaces as a mixed error; whether it matters is decided by
    // re-reading the topics, not by the error's shape.
    const stillMissing = await missingTopics(admin, missing);
    if (stillMissing.length > 0) throw error;
  }
}

async function missingTopics(admin: Admin, specs: TopicSpecInput[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  return specs.map((spec) => spec.topic).filter((topic) => !existing.has(topic));
}

/** Returns whether any topic had to grow. */
async function growPartitions(admin: Admin, wanted: TopicSpecInput[]): Promise<boolean> {
  const current = await partitionCounts(admin, wanted);
  // Partitions can only be added, never removed: asking for fewer than exist is left alone.
  const toGrow = wanted.filter((spec) => (current.get(spec.topic) ?? 0) < spec.partitions);
  if (toGrow.length === 0) return false;
  try {
    await admin.createPartitions({
      topicPartitions: toGrow.map((spec) => ({ topic: spec.topic, count: spec.partitions })),
    });
  } catch (error) {
    // INVALID_PARTITIONS is what the loser of a race gets: another instance grew the topic a
    // moment ago, possibly not yet visible in metadata. waitForLeaders checks the final count.
    if ((error as { type?: string }).type !== 'INVALID_PARTITIONS') throw error;
  }
  return true;
}

async function partitionCounts(admin: Admin, specs: TopicSpecInput[]): Promise<Map<string, number>> {
  const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) });
  return new Map(topics.map((meta) => [meta.name, meta.partitions.length]));
}

/**
 * Producers fail with "not the leader" for a moment after creation; waiting here keeps that out
 * of services. Metadata naming a leader is not enough on KRaft: the broker announces leadership
 * before its replica answers, so each leader is also asked for its offsets.
 */
async function waitForLeaders(admin: Admin, wanted: TopicSpecInput[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const withoutLeader = await topicsWithoutLeaders(admin, wanted);
    const notReady = withoutLeader.length > 0 ? withoutLeader : await topicsNotAnswering(admin, wanted);
    if (notReady.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`Topics not ready after ${timeoutMs} ms: ${notReady.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function topicsWithoutLeaders(admin: Admin, wanted: TopicSpecInput[]): Promise<string[]> {
  let topics: ITopicMetadata[];
  try {
    ({ topics } = await admin.fetchTopicMetadata({ topics: wanted.map((spec) => spec.topic) }));
  } catch {
    // Freshly created topics can be briefly unknown to the broker's metadata cache.
    return wanted.map((spec) => spec.topic);
  }
  const ready = new Set(topics.filter(isReady).map((meta) => meta.name));
  return wanted
    .filter((spec) => !ready.has(spec.topic) || countOf(topics, spec.topic) < spec.partitions)
    .map((spec) => `${spec.topic} (${countOf(topics, spec.topic)}/${spec.partitions} partitions or a leader missing)`);
}

async function topicsNotAnswering(admin: Admin, wanted: TopicSpecInput[]): Promise<string[]> {
  const answers = await Promise.all(
    wanted.map((spec) =>
      admin.fetchTopicOffsets(spec.topic).then(
        () => undefined,
        () => spec.topic,
      ),
    ),
  );
  return answers.filter((topic): topic is string => topic !== undefined);
}

function isReady(meta: ITopicMetadata): boolean {
  return meta.partitions.length > 0 && meta.partitions.every((p) => p.leader >= 0 && p.partitionErrorCode === 0);
}

function countOf(topics: ITopicMetadata[], name: string): number {
  return topics.find((meta) => meta.name === name)?.partitions.length ?? 0;
}
