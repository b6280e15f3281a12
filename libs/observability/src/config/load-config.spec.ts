import { ConfigError } from './config-error';
import { baseEnvSchema, databaseEnvSchema } from './env-schemas';
import { loadConfig } from './load-config';

const serviceSchema = baseEnvSchema.extend(databaseEnvSchema.shape);

function configErrorFrom(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = loadConfig(baseEnvSchema, { HTTP_PORT: '3001' });

    expect(config).toEqual({
      HTTP_PORT: 3001,
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PARTITIONS: 6,
      KAFKA_PRODUCER_CLIENT: 'librdkafka',
    });
  });

  it('splits and trims a comma-separated broker list and coerces the partition count', () => {
    const config = loadConfig(baseEnvSchema, {
      HTTP_PORT: '0',
      LOG_LEVEL: 'debug',
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9092 ,[::1]:9094',
      KAFKA_TOPIC_PARTITIONS: '12',
    });

    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092', '[::1]:9094']);
    expect(config.KAFKA_TOPIC_PARTITIONS).toBe(12);
    expect(config.LOG_LEVEL).toBe('debug');
  });

  it('names every bad variable and why, in one error', () => {
    const error = configErrorFrom(() =>
      loadConfig(serviceSchema, {
        HTTP_PORT: 'eighty',
        LOG_LEVEL: 'loud',
        KAFKA_BROKERS: 'kafka-1',
        KAFKA_TOPIC_PARTITIONS: '0',
      }),
    );

    expect(error.issues).toEqual([
      { variable: 'HTTP_PORT', problem: 'expected a number' },
      { variable: 'LOG_LEVEL', problem: 'expected one of fatal, error, warn, info, debug, trace, silent' },
      { variable: 'KAFKA_BROKERS', problem: 'expected a comma-separated list of host:port' },
      { variable: 'KAFKA_TOPIC_PARTITIONS', problem: 'expected at least 1' },
      { variable: 'DATABASE_URL', problem: 'required' },
    ]);
    expect(error.message).toBe(
      'Invalid environment: HTTP_PORT: expected a number; ' +
        'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent; ' +
        'KAFKA_BROKERS: expected a comma-separated list of host:port; ' +
        'KAFKA_TOPIC_PARTITIONS: expected at least 1; DATABASE_URL: required',
    );
    expect(error.name).toBe('ConfigError');
  });

  it('treats empty strings as unset, so defaults apply and required variables are reported', () => {
    const error = configErrorFrom(() => loadConfig(baseEnvSchema, { HTTP_PORT: '', KAFKA_TOPIC_PARTITIONS: '  ' }));

    expect(error.message).toBe('Invalid environment: HTTP_PORT: required');
  });

  it('rejects non-integer and out-of-range ports', () => {
    expect(configErrorFrom(() => loadConfig(baseEnvSchema, { HTTP_PORT: '80.5' })).message).toBe(
      'Invalid environment: HTTP_PORT: expected an integer',
    );
    expect(configErrorFrom(() => loadConfig(baseEnvSchema, { HTTP_PORT: '70000' })).message).toBe(
      'Invalid environment: HTTP_PORT: expected a port 0-65535',
    );
  });

  it('accepts postgres URLs only for DATABASE_URL', () => {
    const env = { DATABASE_URL: 'postgresql://stepwise@127.0.0.1:5432/enrollment' };
    expect(loadConfig(databaseEnvSchema, env).DATABASE_URL).toBe(env.DATABASE_URL);

    expect(configErrorFrom(() => loadConfig(databaseEnvSchema, { DATABASE_URL: 'mysql://db/x' })).message).toBe(
      'Invalid environment: DATABASE_URL: expected a postgres:// or postgresql:// URL',
    );
  });

  it('ignores variables the schema does not declare', () => {
    const config = loadConfig(baseEnvSchema, { HTTP_PORT: '1', PATH: '/usr/bin' });

    expect(config).not.toHaveProperty('PATH');
  });

  it('reads process.env by default', () => {
    const saved = process.env.HTTP_PORT;
    process.env.HTTP_PORT = '4321';
    try {
      expect(loadConfig(baseEnvSchema).HTTP_PORT).toBe(4321);
    } finally {
      if (saved === undefined) delete process.env.HTTP_PORT;
      else process.env.HTTP_PORT = saved;
    }
  });
});
