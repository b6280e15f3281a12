import type { z } from 'zod';

export interface PlatformOptions<S extends z.ZodObject = z.ZodObject> {
  /** Service name used in logs, metrics, Kafka client id and consumer group prefixes. */
  service: string;
  /** The service's environment schema (extends platformEnvSchema, plus databaseEnvSchema when it owns data). */
  configSchema: S;
  /** Services that own data: their Postgres schema and the folder of SQL migrations applied at start. */
  database?: {
    schema: string;
    migrationsDir: string;
    poolSize?: number;
    /** Services that publish through the transactional outbox (all but analytics) get its relay. */
    outbox?: boolean;
  };
}
