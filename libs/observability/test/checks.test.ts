import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Pool } from 'pg';
// Direct file imports: the barrel also loads Nest, which jest's CommonJS runtime cannot (see the fixture).
import { HealthRegistry } from '../src/health/health-registry';
import { kafkaCheck } from '../src/health/kafka-check';
import { postgresCheck } from '../src/health/postgres-check';

// The locally started Postgres and Kafka: the project's tests run against them, without Docker.
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
// Port 1 is never served here, so connections are refused at once.
const CLOSED = '127.0.0.1:1';

describe('postgresCheck against a real server', () => {
  const pools: Pool[] = [];
  const pool = (connectionString: string) => {
    const created = new Pool({ connectionString, max: 1, connectionTimeoutMillis: 1_000 });
    pools.push(created);
    return created;
  };
  afterAll(() => Promise.all(pools.map((p) => p.end())));

  it('is up when the database answers and down with the driver error when it does not', async () => {
    const registry = new HealthRegistry(2_000);
    registry.register('postgres', postgresCheck(pool(DATABASE_URL)));
    registry.register('postgres-elsewhere', postgresCheck(pool(`postgresql://postgres@${CLOSED}/postgres`)));

    const report = await registry.check();

    expect(report.checks.postgres.status).toBe('up');
    expect(report.checks['postgres-elsewhere']).toMatchObject({
      status: 'down',
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });
});

describe('kafkaCheck against a real broker', () => {
  const admins: Admin[] = [];
  const admin = (brokers: string[]) => {
    const created = new Kafka({
      clientId: 'observability-test',
      brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 1 },
    }).admin();
    admins.push(created);
    return created;
  };
  afterAll(() => Promise.all(admins.map((a) => a.disconnect())));

  it('is up when the cluster answers, and names required topics that are missing', async () => {
    const connected = admin(KAFKA_BROKERS);
    await connected.connect();
    const missing = `observability-test-missing-${process.pid}-${Date.now()}`;

    await expect(kafkaCheck(connected)()).resolves.toBeUndefined();
    await expect(kafkaCheck(connected, [missing])()).rejects.toThrow(`missing topics: ${missing}`);
    // The check must never create what it looks for.
    expect(await connected.listTopics()).not.toContain(missing);
  });

  it('is down within the registry timeout when the broker cannot be reached', async () => {
    const registry = new HealthRegistry(1_500);
    registry.register('kafka', kafkaCheck(admin([CLOSED])));

    const started = Date.now();
    const report = await registry.check();

    expect(report.checks.kafka.status).toBe('down');
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});
