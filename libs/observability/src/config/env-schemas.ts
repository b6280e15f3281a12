import { z } from 'zod';

/** Pino's level names, the only values LOG_LEVEL accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const integer = () => z.coerce.number({ error: 'expected a number' }).int({ error: 'expected an integer' });

// host:port, where host may be a name, an IPv4 address or a bracketed IPv6 address.
const BROKER = /^(\[[0-9a-fA-F:.]+\]|[^\s,:[\]]+):\d{1,5}$/;

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .refine((brokers) => brokers.length > 0 && brokers.every((broker) => BROKER.test(broker)), {
    error: 'expected a comma-separated list of host:port',
  });

/** Variables every Stepwise service reads. Spread `.shape` into a service's own schema, or `.extend()` it. */
export const baseEnvSchema = z.object({
  HTTP_PORT: integer().min(0, { error: 'expected a port 0-65535' }).max(65535, { error: 'expected a port 0-65535' }),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
  KAFKA_TOPIC_PARTITIONS: integer().min(1, { error: 'expected at least 1' }).default(6),
  // librdkafka costs well under half of kafkajs's CPU per produced message (docs/benchmarks.md).
  KAFKA_PRODUCER_CLIENT: z
    .enum(['librdkafka', 'kafkajs'], { error: 'expected librdkafka or kafkajs' })
    .default('librdkafka'),
});

/** Only for services that own a database; kept apart so the others do not have to set it. */
export const databaseEnvSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' }),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;
export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;
