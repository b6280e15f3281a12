import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import { round } from './measure';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const BATCH = 1_000;
const SMTP_CAP = Number(process.env.BENCH_RAW_SMTP_MESSAGES ?? 20_000);
/** Below this, fixed costs (connections, a consumer joining its group) would dominate the rate. */
const MIN_MESSAGES = 50_000;

export interface RawLimits {
  /** Batched produce (acks all) and eachBatch consume of step-sized messages, end to end. */
  kafkaMessagesPerSecond: number;
  /** Batched multi-row UPDATEs of recipient-shaped rows, 1,000 per statement. */
  postgresRowUpdatesPerSecond: number;
  /** nodemailer, pooled like channel-email, into the same SMTP sink. */
  smtpMessagesPerSecond: number;
  postgresVersion: string;
}

export interface RawLimitsOptions {
  databaseUrl: string;
  smtpPort: number;
  /** How many messages/rows to push through each dependency (the number of steps the system ran). */
  messages: number;
  log: (line: string) => void;
}

/** The machine's own limits with the dependencies the system uses, measured one at a time. */
export async function measureRawLimits(options: RawLimitsOptions): Promise<RawLimits> {
  const count = Math.max(options.messages, MIN_MESSAGES);
  const kafkaMessagesPerSecond = await kafkaProduceConsume(count);
  options.log(`raw kafkajs produce+consume: ${kafkaMessagesPerSecond.toLocaleString()} msg/s`);
  const { rate: postgresRowUpdatesPerSecond, version: postgresVersion } = await postgresUpdates(
    options.databaseUrl,
    count,
  );
  options.log(`raw Postgres batched updates: ${postgresRowUpdatesPerSecond.toLocaleString()} rows/s`);
  const smtpMessagesPerSecond = await smtpSends(options.smtpPort, Math.min(options.messages, SMTP_CAP));
  options.log(`raw nodemailer into the sink: ${smtpMessagesPerSecond.toLocaleString()} msg/s`);
  return { kafkaMessagesPerSecond, postgresRowUpdatesPerSecond, smtpMessagesPerSecond, postgresVersion };
}

async function kafkaProduceConsume(count: number): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const topic = `bench.raw.${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 8 }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${topic}.group`, maxWaitTimeInMs: 100 });
  await Promise.all([producer.connect(), consumer.connect()]);
  try {
    // The size of a step.due message, so the broker does the same work per message.
    const value = JSON.stringify({ id: randomUUID(), padding: 'x'.repeat(700) });
    let consumed = 0;
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
        if (consumed >= count) resolveDone();
      },
    });
    await joined;
    const started = Date.now();
    for (let sent = 0; sent < count; sent += BATCH) {
      const messages = Array.from({ length: Math.min(BATCH, count - sent) }, (_, i) => ({
        key: `k${sent + i}`,
        value,
      }));
      await producer.send({ topic, acks: -1, messages });
    }
    await done;
    return Math.round(count / ((Date.now() - started) / 1000));
  } finally {
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function postgresUpdates(databaseUrl: string, count: number): Promise<{ rate: number; version: string }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const schema = `bench_raw_${Date.now().toString(36)}`;
  try {
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(
      `CREATE TABLE ${schema}.recipient (id uuid PRIMARY KEY, status text NOT NULL, step int NOT NULL, updated_at timestamptz NOT NULL)`,
    );
    const ids = Array.from({ length: count }, () => randomUUID());
    await client.query(
      `INSERT INTO ${schema}.recipient SELECT id, 'in_progress', 0, now() FROM unnest($1::uuid[]) AS id`,
      [ids],
    );
    const started = Date.now();
    for (let at = 0; at < count; at += BATCH) {
      await client.query(
        `UPDATE ${schema}.recipient r SET status = 'in_progress', step = r.step + 1, updated_at = now()
           FROM unnest($1::uuid[]) AS u(id) WHERE r.id = u.id`,
        [ids.slice(at, at + BATCH)],
      );
    }
    return { rate: Math.round(count / ((Date.now() - started) / 1000)), version };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

async function smtpSends(port: number, count: number): Promise<number> {
  // Pooled as channel-email pools one identity (SMTP_MAX_CONNECTIONS, SMTP_MAX_MESSAGES_PER_CONNECTION defaults).
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    pool: true,
    maxConnections: 5,
    maxMessages: 1000,
  });
  try {
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        await transport.sendMail({
          from: 'raw@bench.test',
          to: `raw-${i}@bench.test`,
          subject: 'Raw limit',
          text: 'Measuring what nodemailer alone pushes into the sink.',
        });
      }
    };
    await Promise.all(Array.from({ length: 100 }, worker));
    return round(count / ((Date.now() - started) / 1000), 0);
  } finally {
    transport.close();
  }
}
