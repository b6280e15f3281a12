import { Kafka, logLevel, type RetryOptions } from 'kafkajs';
import type { Logger } from 'pino';
import { pinoLogCreator } from './pino-log-creator';

export interface CreateKafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Overrides the client-wide retry policy (admin, metadata, consumer group calls). */
  retry?: RetryOptions;
}

/**
 * Client-wide retry: a broker restart or a leader move takes seconds, so retries start small and
 * grow to ~10 s, and give up after roughly a minute so a dead cluster surfaces as an error
 * instead of a hang.
 */
export const DEFAULT_RETRY: RetryOptions = { initialRetryTime: 200, maxRetryTime: 10_000, retries: 10 };

/** The one place a kafkajs client is built, so every service logs and retries the same way. */
export function createKafka(options: CreateKafkaOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    // Filter at the source: kafkajs builds each debug entry before a logger could drop it.
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(options.logger),
    connectionTimeout: 3_000,
    retry: { ...DEFAULT_RETRY, ...options.retry },
  });
}
