import { Client, type Pool } from 'pg';
import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { stepDueSchema, timerFiredSchema, Topics, type TimerAction, type TopicName } from '@stepwise/contracts';
import { createPool, runMigrations } from '@stepwise/database';
import { BatchingProducer, ensureTopics } from '@stepwise/kafka';
import { dropSchemas, ensureTestDatabase, TopicTap, waitFor } from '@stepwise/testing';
import { DispatcherMetrics } from '../src/timers/dispatcher-metrics';
import { FireDueTimers } from '../src/timers/fire-due-timers';
import { planFiring } from '../src/timers/fired-message';
import { SendGate } from '../src/timers/send-gate';
import { TimerClaimService } from '../src/timers/timer-claim.service';
import { applyTimerWrites, claimDueTimers } from '../src/timers/timer.repository';
import type { TimerSchedule } from '../src/timers/collapse-timer-commands';
import {
  cleanUpKafka,
  delay,
  emailDelivery,
  firedIdsWithPrefix,
  logger,
  MIGRATIONS_DIR,
  notify,
  sendStep,
  smsDelivery,
  socialDelivery,
  testKafka,
  topicPrefix,
  uniqueSchema,
} from './support';

const schema = uniqueSchema('claim');
const prefix = topicPrefix('claim');
const topicName = (topic: TopicName) => `${prefix}${topic}`;
const OUTPUT_TOPICS = [
  Topics.emailStepDue,
  Topics.smsStepDue,
  Topics.socialStepDue,
  Topics.timerFired,
  Topics.deadLetter,
];

let url: string;
let pool: Pool;
let kafka: Kafka;
let producer: BatchingProducer;
let tap: TopicTap;
let services: TimerClaimService[] = [];
const gate = new SendGate({ spreadMs: 0, random: Math.random });

beforeAll(async () => {
  url = await ensureTestDatabase();
  pool = createPool({ connectionString: url, applicationName: 'dispatcher-claim-test', schema, max: 6 });
  await runMigrations(pool, { schema, migrationsDir: MIGRATIONS_DIR });
  kafka = testKafka();
  await ensureTopics(
    kafka,
    OUTPUT_TOPICS.map((topic) => ({ topic: topicName(topic), partitions: 3 })),
  );
  producer = new BatchingProducer(kafka);
  await producer.connect();
  tap = await new TopicTap(OUTPUT_TOPICS.map(topicName)).start();
});

afterEach(async () => {
  await Promise.all(services.map((service) => service.stop()));
  services = [];
});

afterAll(async () => {
  await tap.stop();
  await producer.disconnect();
  await pool.end();
  await dropSchemas(url, [schema]);
  await cleanUpKafka(kafka, prefix);
});

/** One dispatcher instance: its own use case and metrics, sharing only the database and broker. */
function dispatcher(batchSize: number): { service: TimerClaimService; metrics: DispatcherMetrics } {
  const metrics = new DispatcherMetrics(new Registry());
  const fireDue = new FireDueTimers({ pool, producer, topicName, metrics, logger, batchSize, gate });
  const service = new TimerClaimService(
    fireDue,
    { batchSize, idlePollMs: 10, maxIdleMs: 1000, concurrentBatches: 3 },
    logger,
  );
  services.push(service);
  return { service, metrics };
}

const DELIVERIES = [emailDelivery(), smsDelivery(), socialDelivery()];

function dueTimers(label: string, count: number): TimerSchedule[] {
  const dueAt = new Date(Date.now() - 1000).toISOString();
  return Array.from({ length: count }, (_, i) => {
    const timerId = `${label}_${i}`;
    const action = i % 4 === 3 ? notify(timerId) : sendStep(timerId, DELIVERIES[i % 3] as (typeof DELIVERIES)[number]);
    return { timerId, version: 1, tenantId: 'tenant_test', key: timerId, dueAt, action };
  });
}

async function firedCount(metrics: DispatcherMetrics): Promise<number> {
  const { values } = await metrics.fired.get();
  return values.reduce((sum, value) => sum + value.value, 0);
}

test('two claim loops on one schema fire 5,000 timers, none twice and none lost', async () => {
  const timers = dueTimers('pair', 5000);
  await applyTimerWrites(pool, { schedules: timers, cancels: [] });
  const first = dispatcher(100);
  const second = dispatcher(100);

  first.service.start();
  second.service.start();
  await waitFor('5,000 fired timers', () => firedIdsWithPrefix(tap, 'pair_').length >= 5000, { timeoutMs: 60_000 });
  await delay(500);

  const ids = firedIdsWithPrefix(tap, 'pair_');
  expect(ids).toHaveLength(5000);
  expect(new Set(ids).size).toBe(5000);
  const { rows } = await pool.query<{ left: string }>('SELECT count(*) AS left FROM timer');
  expect(Number(rows[0]?.left)).toBe(0);
  // Both instances took part; otherwise this would not test concurrent claiming at all.
  expect(await firedCount(first.metrics)).toBeGreaterThan(0);
  expect(await firedCount(second.metrics)).toBeGreaterThan(0);
});

test("a killed instance's claimed batch is released by Postgres and fired by another", async () => {
  await applyTimerWrites(pool, { schedules: dueTimers('killed', 50), cancels: [] });
  const victim = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  victim.on('error', () => undefined); // its connection is about to be killed
  await victim.connect();
  const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const killVictim = () => pool.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
  try {
    await victim.query('BEGIN');
    expect(await claimDueTimers(victim, 1000, new Date())).toHaveLength(50);
    const survivor = dispatcher(1000);
    const fireDue = new FireDueTimers({
      pool,
      producer,
      topicName,
      metrics: survivor.metrics,
      logger,
      batchSize: 1000,
      gate,
    });
    expect(await fireDue.fireBatch()).toBe(0); // locked by the victim: skipped, not waited for

    await killVictim();
    survivor.service.start();
    await waitFor('the released timers to fire', () => firedIdsWithPrefix(tap, 'killed_').length >= 50);
    await delay(300);
    const ids = firedIdsWithPrefix(tap, 'killed_');
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
  } finally {
    // A failed assertion must not leave a transaction holding locks that block the schema drop.
    await killVictim();
  }
});

// The claim statement maps stored actions to messages in SQL and nothing re-validates them on the
// way out: this keeps that mapping on the contracts, for every route and the optional fields.
test('the claim maps every kind of stored action to a message its contract accepts', async () => {
  const dueAt = new Date(Date.now() - 60_000);
  const withWindow = sendStep('map_window', emailDelivery());
  const actions: TimerAction[] = [
    sendStep('map_email', emailDelivery()),
    sendStep('map_sms', smsDelivery()),
    sendStep('map_social', socialDelivery(), 2),
    notify('map_notify'),
    { kind: 'notify', reason: 'task_overdue', enrollmentId: 'map_task', stepId: 'task_1' },
  ];
  const schedules = actions.map((action, i) => ({
    timerId: `map_${i}`,
    version: 7,
    tenantId: 'tenant "quoted"',
    key: `map_key_${i}`,
    dueAt: dueAt.toISOString(),
    action,
  }));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM timer');
    await applyTimerWrites(client, { schedules, cancels: [] });
    const firedAt = new Date();
    const claimedRows = await claimDueTimers(client, 100, firedAt);
    await client.query('ROLLBACK');
    expect(claimedRows.map((row) => row.action)).toEqual(actions.map(() => undefined)); // ungated: not parsed
    const plan = planFiring(claimedRows, firedAt, topicName);
    expect(plan.deadLettered).toEqual([]);
    const messages = plan.records.map((record) => JSON.parse(record.value) as Record<string, unknown>);
    for (const [i, message] of messages.entries()) {
      const action = actions[i] as TimerAction;
      const schema = action.kind === 'notify' ? timerFiredSchema : stepDueSchema;
      expect(schema.safeParse(message).error).toBeUndefined();
      expect(message).toMatchObject({ tenantId: 'tenant "quoted"', key: `map_key_${i}` });
      const payload = message.payload as Record<string, unknown>;
      expect(payload).toMatchObject({ dueAt: dueAt.toISOString(), firedAt: firedAt.toISOString() });
      if (action.kind === 'send_step') {
        expect(payload).toEqual(
          expect.objectContaining({ step: action.step, delivery: action.delivery, timerVersion: 7 }),
        );
      } else {
        const { kind: _kind, ...fields } = action;
        expect(payload).toEqual(expect.objectContaining({ ...fields, timerId: `map_${i}`, version: 7 }));
        if (!('stepId' in action)) expect(payload).not.toHaveProperty('stepId');
      }
    }
    expect(plan.records.map((record) => record.topic)).toEqual(
      [Topics.emailStepDue, Topics.smsStepDue, Topics.socialStepDue, Topics.timerFired, Topics.timerFired].map(
        topicName,
      ),
    );
    // A gated timer comes back with its action, which the gate needs.
    await client.query('BEGIN');
    await applyTimerWrites(client, {
      schedules: [
        {
          ...schedules[0],
          timerId: 'map_gated',
          action: { ...withWindow, limits: { identityId: 'id_1', dailyCap: 5 } },
        } as TimerSchedule,
      ],
      cancels: [],
    });
    const [gatedRow] = (await claimDueTimers(client, 100, new Date())).filter((row) => row.timerId === 'map_gated');
    await client.query('ROLLBACK');
    expect(gatedRow).toMatchObject({ gated: true, route: 'email', action: { limits: { dailyCap: 5 } } });
  } finally {
    client.release();
  }
});

test('a stored action with an unknown channel is dead-lettered with the stored timer', async () => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM timer');
    const action = { ...sendStep('pigeon', emailDelivery()), delivery: { ...emailDelivery(), channel: 'pigeon' } };
    await client.query(
      `INSERT INTO timer (timer_id, version, tenant_id, key, due_at, action) VALUES ('pigeon', 1, 't', 'pigeon', now() - interval '1 minute', $1)`,
      [JSON.stringify(action)],
    );
    const rows = await claimDueTimers(client, 10, new Date());
    await client.query('ROLLBACK');
    expect(rows).toEqual([expect.objectContaining({ timerId: 'pigeon', route: null, payload: null, action })]);
    const plan = planFiring(rows, new Date(), topicName);
    expect(plan.deadLettered.map((d) => d.reason)).toEqual(['unknown channel pigeon']);
  } finally {
    client.release();
  }
});
