import type { Admin } from 'kafkajs';
import type { HealthCheck } from './health-check';

/**
 * Ready when the cluster answers with at least one broker and, if `topics` is given, all of them
 * exist: kafkajs fails at once when subscribing to a missing topic, so a service without its topics
 * is not ready. Topics are compared against `listTopics()` rather than fetched one by one so the
 * error names exactly which are missing. The admin must already be connected (its owner manages
 * the connection); the registry's timeout bounds kafkajs's own retries.
 */
export function kafkaCheck(
  admin: Pick<Admin, 'describeCluster' | 'listTopics'>,
  topics: readonly string[] = [],
): HealthCheck {
  return async () => {
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('Kafka cluster reported no brokers');
    if (topics.length === 0) return;
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) throw new Error(`missing topics: ${missing.join(', ')}`);
  };
}
