import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { waitFor } from '../wait-for';

/**
 * Which consumer groups read which topics, as the broker sees it right now: the tests follow
 * what the services really consume, so a new consumer is fuzzed without anyone listing it.
 * Topic names are returned without `topicPrefix`.
 */
export async function topicConsumers(
  groupPrefix: string,
  topicPrefix: string,
  brokers: string[] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
): Promise<Map<string, string[]>> {
  const admin = new Kafka({ clientId: 'consumer-discovery', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((id) => id.startsWith(`${groupPrefix}.`));
    const { groups: described } = await admin.describeGroups(ours);
    const consumers = new Map<string, string[]>();
    for (const group of described) {
      const topics = new Set(
        group.members.flatMap((member) =>
          Object.keys(AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {}),
        ),
      );
      for (const topic of topics) {
        const name = topic.startsWith(topicPrefix) ? topic.slice(topicPrefix.length) : topic;
        consumers.set(name, [...(consumers.get(name) ?? []), group.groupId].sort());
      }
    }
    return consumers;
  } finally {
    await admin.disconnect();
  }
}

/** Waits until each group has committed everything published so far on its topics (lag 0). */
export async function waitForConsumersCaughtUp(
  groups: ReadonlyMap<string, readonly string[]>,
  topicPrefix: string,
  { timeoutMs = 60_000, brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') } = {},
): Promise<void> {
  const admin = new Kafka({ clientId: 'consumer-lag', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const pairs = [...groups].flatMap(([topic, ids]) =>
      ids.map((groupId) => ({ topic: topicPrefix + topic, groupId })),
    );
    await waitFor(
      'consumers to catch up',
      async () => {
        for (const { topic, groupId } of pairs) {
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
          const byPartition = new Map(committed?.partitions.map((p) => [p.partition, Number(p.offset)]));
          const behind = ends.some((end) => Number(end.high) > Math.max(0, byPartition.get(end.partition) ?? 0));
          if (behind) return false;
        }
        return true;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } finally {
    await admin.disconnect();
  }
}
