import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { Topics, type Envelope } from '@stepwise/contracts';
import { createPool } from '@stepwise/database';
import { BatchingProducer } from '@stepwise/kafka';
import { dropSchemas, ensureTestDatabase, TopicTap, waitFor } from '@stepwise/testing';
import { AppModule } from '../src/app.module';
import {
  cancelled,
  cleanUpKafka,
  delay,
  emailDelivery,
  firedFor,
  inSeconds,
  notify,
  RUN,
  scheduled,
  sendStep,
  smsDelivery,
  socialDelivery,
  testKafka,
  topicPrefix,
  uniqueSchema,
} from './support';

const schema = uniqueSchema('app');
const prefix = topicPrefix('app');
/** Long enough to see a message that should not have come; short enough to keep the suite quick. */
const SETTLE_MS = 700;
const SPREAD_SECONDS = 60;

let app: INestApplication;
let baseUrl: string;
let url: string;
let pool: Pool;
let kafka: Kafka;
let producer: BatchingProducer;
let tap: TopicTap;

beforeAll(async () => {
  url = await ensureTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_PREFIX: `test.dispatcher.${RUN}`,
    KAFKA_TOPIC_PARTITIONS: '3',
    HTTP_PORT: '0',
    DISPATCHER_IDLE_POLL_MS: '20',
    DISPATCHER_RELEASE_SPREAD_SECONDS: String(SPREAD_SECONDS),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  });
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  baseUrl = await app.getUrl();
  pool = createPool({ connectionString: url, applicationName: 'dispatcher-app-test', schema, max: 2 });
  kafka = testKafka();
  producer = new BatchingProducer(kafka);
  await producer.connect();
  const outputs = [Topics.emailStepDue, Topics.smsStepDue, Topics.socialStepDue, Topics.timerFired];
  tap = await new TopicTap(outputs.map((topic) => `${prefix}${topic}`)).start();
});

afterAll(async () => {
  await tap.stop();
  await producer.disconnect();
  await app.close();
  await pool.end();
  await dropSchemas(url, [schema]);
  await cleanUpKafka(kafka, prefix);
});

let counter = 0;
function timerId(label: string): string {
  return `enr_${label}_${++counter}`;
}

async function send(...commands: Envelope[]): Promise<void> {
  await producer.publish(commands.map((envelope) => ({ topic: `${prefix}${Topics.timerCommands}`, envelope })));
}

let sentinels = 0;
/**
 * Resolves once every command sent before it for the same key was applied: a far-future timer with
 * that key rides the same partition behind them, so its row appears only after theirs.
 */
async function sentinelAfter(key: string): Promise<void> {
  const sentinel = `${key}_sentinel_${++sentinels}`;
  await send(scheduled(sentinel, 1, inSeconds(3600), notify(key), key));
  await waitFor(
    `sentinel ${sentinel}`,
    async () => (await pool.query('SELECT 1 FROM timer WHERE timer_id = $1', [sentinel])).rowCount === 1,
  );
}

async function storedTimer(id: string): Promise<{ version: number; due_at: Date } | undefined> {
  const { rows } = await pool.query<{ version: number; due_at: Date }>(
    'SELECT version, due_at FROM timer WHERE timer_id = $1',
    [id],
  );
  return rows[0];
}

test('a timer scheduled due now fires exactly one step.due on its channel topic, with the delivery', async () => {
  const id = timerId('email');
  await send(scheduled(id, 1, new Date(), sendStep(id, emailDelivery())));

  await waitFor('the step.due', () => firedFor(tap, id).length > 0);
  await delay(SETTLE_MS);
  const fired = firedFor(tap, id);
  expect(fired).toHaveLength(1);
  expect(fired[0]).toMatchObject({
    topic: `${prefix}${Topics.emailStepDue}`,
    key: id,
    envelope: {
      type: 'step.due',
      tenantId: 'tenant_test',
      key: id,
      payload: {
        timerId: id,
        timerVersion: 1,
        step: { enrollmentId: id, sequenceId: 'seq_1', stepId: 'step_1', attempt: 1 },
        delivery: emailDelivery(),
      },
    },
  });
});

test.each([
  ['sms', smsDelivery(), Topics.smsStepDue],
  ['social', socialDelivery(), Topics.socialStepDue],
] as const)('a %s step goes to its own channel topic', async (label, delivery, topic) => {
  const id = timerId(label);
  await send(scheduled(id, 1, new Date(), sendStep(id, delivery)));
  await waitFor('the step.due', () => firedFor(tap, id).length > 0);
  expect(firedFor(tap, id).map((r) => r.topic)).toEqual([`${prefix}${topic}`]);
});

test('a notify timer comes back as timer.fired', async () => {
  const id = timerId('notify');
  await send(scheduled(id, 4, new Date(), notify(id)));
  await waitFor('the timer.fired', () => firedFor(tap, id).length > 0);
  await delay(SETTLE_MS);
  expect(firedFor(tap, id)).toEqual([
    expect.objectContaining({
      topic: `${prefix}${Topics.timerFired}`,
      envelope: expect.objectContaining({
        type: 'timer.fired',
        payload: expect.objectContaining({
          timerId: id,
          version: 4,
          reason: 'task_overdue',
          enrollmentId: id,
          stepId: 'task_1',
        }),
      }),
    }),
  ]);
});

test('a higher version reschedules the timer', async () => {
  const id = timerId('reschedule');
  await send(scheduled(id, 1, inSeconds(3600), sendStep(id, emailDelivery(), 1)));
  await send(scheduled(id, 2, new Date(), sendStep(id, emailDelivery(), 2)));

  await waitFor('the rescheduled step.due', () => firedFor(tap, id).length > 0);
  await delay(SETTLE_MS);
  expect(firedFor(tap, id).map((r) => r.envelope.payload)).toEqual([expect.objectContaining({ timerVersion: 2 })]);
  expect(await storedTimer(id)).toBeUndefined();
});

test.each([
  ['a lower', 1],
  ['an equal', 2],
])('%s version never overrides the stored timer', async (_label, version) => {
  const id = timerId(`stale${version}`);
  const later = inSeconds(3600);
  await send(scheduled(id, 2, later, sendStep(id, emailDelivery())));
  await send(scheduled(id, version, new Date(), sendStep(id, emailDelivery())));
  await sentinelAfter(id);

  expect(await storedTimer(id)).toEqual({ version: 2, due_at: later });
  await delay(SETTLE_MS);
  expect(firedFor(tap, id)).toEqual([]);
});

test('a cancel before the due time wins', async () => {
  const id = timerId('cancel');
  const dueAt = inSeconds(3);
  await send(scheduled(id, 1, dueAt, sendStep(id, emailDelivery())), cancelled(id, 1));
  await sentinelAfter(id);
  // The scenario needs the cancel applied before the due time; on a machine too slow for that, say so.
  expect(Date.now()).toBeLessThan(dueAt.getTime());

  await delay(dueAt.getTime() - Date.now() + SETTLE_MS);
  expect(firedFor(tap, id)).toEqual([]);
  expect(await storedTimer(id)).toBeUndefined();
});

test('a cancel that arrives before the schedule of the same version still wins (tombstone)', async () => {
  const id = timerId('tombstone');
  await send(cancelled(id, 3));
  await sentinelAfter(id); // the cancel is applied in a batch of its own, before the schedule
  await send(scheduled(id, 3, new Date(), sendStep(id, emailDelivery())));
  await sentinelAfter(id);

  expect(await storedTimer(id)).toBeUndefined();
  await delay(SETTLE_MS);
  expect(firedFor(tap, id)).toEqual([]);
});

test('/metrics reports lateness, fired timers, the due backlog and claim durations', async () => {
  await waitFor('the backlog gauge refresh', async () =>
    (await (await fetch(`${baseUrl}/metrics`)).text()).includes('dispatcher_timers_due_pending{'),
  );
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  expect(text).toMatch(/dispatcher_timer_lateness_seconds_count\{[^}]*\} [1-9]/);
  expect(text).toMatch(/dispatcher_timers_fired_total\{kind="send_step",channel="email"[^}]*\} [1-9]/);
  expect(text).toMatch(/dispatcher_timers_fired_total\{kind="notify",channel="none"[^}]*\} [1-9]/);
  expect(text).toMatch(/dispatcher_claim_duration_seconds_count\{[^}]*\} [1-9]/);
});

test('a send due outside its window is moved to the next opening and reported as timer.deferred', async () => {
  const id = timerId('window');
  const DAY_MS = 86_400_000;
  // A window open only two days from now (UTC): closed now, whatever the time of day.
  const openingDay = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 2 * DAY_MS);
  const isoWeekday = ((openingDay.getUTCDay() + 6) % 7) + 1;
  const window = { timezone: 'UTC', days: [isoWeekday], start: '09:00', end: '17:00' };
  await send(scheduled(id, 1, new Date(), { ...sendStep(id, emailDelivery()), window }));

  await waitFor('the timer.deferred', () => firedFor(tap, id).length > 0);
  await delay(SETTLE_MS);
  const opens = openingDay.getTime() + 9 * 3_600_000;
  expect(firedFor(tap, id)).toEqual([
    expect.objectContaining({
      topic: `${prefix}${Topics.timerFired}`,
      envelope: expect.objectContaining({
        type: 'timer.deferred',
        payload: expect.objectContaining({ timerId: id, version: 1, reason: 'outside_working_hours' }),
      }),
    }),
  ]);
  const until = new Date(String((firedFor(tap, id)[0]?.envelope.payload as { until: string }).until));
  expect(until.getTime()).toBeGreaterThanOrEqual(opens);
  expect(until.getTime()).toBeLessThan(opens + SPREAD_SECONDS * 1000);
  // Still pending, same version, due at the reported time.
  expect(await storedTimer(id)).toEqual({ version: 1, due_at: until });
  expect(await (await fetch(`${baseUrl}/metrics`)).text()).toMatch(
    /dispatcher_sends_deferred_total\{reason="outside_working_hours"[^}]*\} 1/,
  );
});
