import { z } from 'zod';
import { baseEnvSchema, databaseEnvSchema } from '@stepwise/observability';

/** Variables every service built on PlatformModule reads, on top of its own. */
export const platformEnvSchema = baseEnvSchema.extend({
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9._-]*$/, { error: 'expected lowercase letters, digits, ".", "_" or "-"' })
    .default('')
    .describe('Prepended to every topic name: several environments (or test runs) share one cluster'),
  KAFKA_GROUP_PREFIX: z.string().min(1).default('stepwise'),
  /** How long a fetch waits for data; also bounds how long a consumer takes to stop. */
  KAFKA_CONSUMER_MAX_WAIT_MS: z.coerce.number().int().min(10).max(10_000).default(500),
});

export type PlatformConfig = z.infer<typeof platformEnvSchema>;

/** For services that own data; DATABASE_SCHEMA overrides the service's schema name (tests, side-by-side installs). */
export const platformDatabaseEnvSchema = databaseEnvSchema.extend({
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'expected a lowercase Postgres identifier' })
    .optional(),
});

export type PlatformDatabaseConfig = z.infer<typeof platformDatabaseEnvSchema>;
