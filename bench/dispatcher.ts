/**
 * Dispatcher benchmark: `npm run bench:dispatcher`.
 *
 * Against the project's own Postgres (autovacuum on; `bash scripts/postgres.sh start`) and the
 * local Kafka, in a schema and topic prefix of its own:
 *   1. loads BENCH_PENDING timers due over the next 30 days (multi-row unnest inserts);
 *   2. times the claim statement with them pending (EXPLAIN ANALYZE, rolled back): nothing due,
 *      and a full batch due;
 *   3. for one dispatcher process, then two: loads BENCH_DUE send steps all due at one instant a
 *      few seconds ahead, and reads every step.due they fire from the channel topics.
 * Prints timers fired per second, lateness (firedAt - dueAt from the messages), duplicates and lost
 * (consumed vs inserted ids), the peak RSS of the dispatcher process(es); writes the result as
 * JSON under .local/bench/. Quick run: BENCH_PENDING=100000 BENCH_DUE=20000 npm run bench:dispatcher
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import pino from 'pino';
import { Topics, topicSpecs, type TimerAction } from '@stepwise/contracts';
import { createPool, runMigrations } from '@stepwise/database';
import { createKafka, ensureTopics } from '@stepwise/kafka';
import { ServiceProcess, waitFor } from '@stepwise/testing';
import { CLAIM_DUE_TIMERS_SQL } from '../apps/dispatcher/src/timers/timer.repository';

const ROOT = join(__dirname, '..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PENDING = env('BENCH_PENDING', 1_000_000);
const DUE = env('BENCH_DUE', 100_000);
const BATCH_SIZE = env('BENCH_BATCH_SIZE', 2000);
const PARTITIONS = env('BENCH_PARTITIONS', 6);
/** Least time between loading a due batch and its due time; raised to what the load will take. */
const DUE_LEAD_MS = env('BENCH_DUE_LEAD_MS', 5000);
const INSERT_CHUNK = 50_000;
const DAY_MS = 86_400_000;
const RUN = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const SCHEMA = `bench_dispatcher_${RUN}`;
const PREFIX = `bench.dispatcher.${RUN}.`;
const STEP_DUE_TOPICS = [Topics.emailStepDue, Topics.smsStepDue, Topics.socialStepDue].map((t) => PREFIX + t);
// kafkajs warns about every fresh topic's leader election; failures still show at error.
const logger = pino({ level: 'error' });

function log(message: string): void {
  console.log(`[bench:dispatcher] ${message}`);
}

function databaseUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    execFileSync('bash', [join(ROOT, 'scripts', 'postgres.sh'), 'url', 'stepwise'], { encoding: 'utf8' }).trim()
  );
}

const SENDER = { identityId: 'identity_bench', address: 'recruiter@example.com' };

function sendStep(id: string, i: number): TimerAction {
  const step = { enrollmentId: id, sequenceId: 'seq_bench', stepId: 'step_1', attempt: 1 };
  const kind = i % 3;
  if (kind === 0) {
    return {
      kind: 'send_step',
      step,
      delivery: {
        channel: 'email',
        stepType: 'automated_email',
        sender: SENDER,
        to: 'candidate@example.com',
        variables: { firstName: 'Ada' },
        subject: 'A role you might like',
        body: 'Hi {{firstName}}',
        sameThreadAsPrevious: false,
      },
    };
  }
  if (kind === 1) {
    return {
      kind: 'send_step',
      step,
      delivery: { channel: 'sms', stepType: 'sms', sender: SENDER, to: '+15550199', variables: {}, body: 'Hi' },
    };
  }
  return {
    kind: 'send_step',
    step,
    delivery: {
      channel: 'social',
      stepType: 'linkedin_message',
      sender: SENDER,
      to: 'https://linkedin.example/in/ada',
      variables: {},
      body: 'Hi',
    },
  };
}

/** Inserts `count` timers in multi-row statements; `timer(i)` gives id, due time and action. */
async function insertTimers(
  pool: Pool,
  label: string,
  count: number,
  timer: (i: number) => { id: string; dueAt: Date; action: TimerAction },
): Promise<number> {
  const started = Date.now();
  for (let from = 0; from < count; from += INSERT_CHUNK) {
    const rows = Array.from({ length: Math.min(INSERT_CHUNK, count - from) }, (_, k) => timer(from + k));
    await pool.query(
      `INSERT INTO timer (timer_id, version, tenant_id, key, due_at, action)
       SELECT id, 1, 'tenant_bench', id, due_at, action
       FROM unnest($1::text[], $2::timestamptz[], $3::jsonb[]) AS t(id, due_at, action)`,
      [rows.map((r) => r.id), rows.map((r) => r.dueAt), rows.map((r) => JSON.stringify(r.action))],
    );
    const done = from + rows.length;
    const rate = Math.round(done / ((Date.now() - started) / 1000));
    process.stdout.write(
      `\r[bench:dispatcher] ${label}: ${done.toLocaleString()} / ${count.toLocaleString()} (${rate}/s)`,
    );
  }
  process.stdout.write('\n');
  return Math.round(count / ((Date.now() - started) / 1000));
}

/** EXPLAIN ANALYZE of the claim statement as of `now`, rolled back so nothing is claimed. */
async function explainClaim(pool: Pool, now: Date): Promise<{ executionMs: number; plan: string[] }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${CLAIM_DUE_TIMERS_SQL}`,
      [BATCH_SIZE, now],
    );
    const plan = rows.map((r) => r['QUERY PLAN']);
    const execution = plan.find((line) => line.startsWith('Execution Time'));
    return { executionMs: Number(/([\d.]+) ms/.exec(execution ?? '')?.[1] ?? NaN), plan };
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

interface Fired {
  timerId: string;
  latenessMs: number;
  firedAt: number;
}

/**
 * Reads every step.due of the run from the start of the channel topics. A message the reader
 * itself gets twice (a rebalance before its offsets were committed) is the same offset and counted
 * once; a duplicate firing is a second message, at another offset, for the same timer.
 */
async function startReader(
  kafka: ReturnType<typeof createKafka>,
  phase: string,
): Promise<{ fired: Fired[]; stop: () => Promise<void> }> {
  const fired: Fired[] = [];
  const offsets = new Set<string>();
  const consumer = kafka.consumer({ groupId: `${PREFIX}reader-${phase}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: STEP_DUE_TOPICS, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const offset = `${batch.topic}:${batch.partition}:${message.offset}`;
        if (offsets.has(offset)) continue;
        offsets.add(offset);
        const { payload } = JSON.parse(String(message.value)) as {
          payload: { timerId: string; dueAt: string; firedAt: string };
        };
        const firedAt = Date.parse(payload.firedAt);
        fired.push({ timerId: payload.timerId, latenessMs: firedAt - Date.parse(payload.dueAt), firedAt });
      }
    },
  });
  return { fired, stop: () => consumer.disconnect() };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Peak resident memory of the processes, polled from their /metrics. */
function watchRss(processes: ServiceProcess[]): { peaksMb: number[]; stop: () => void } {
  const peaksMb = processes.map(() => 0);
  const poll = async () => {
    await Promise.all(
      processes.map(async (service, i) => {
        const text = await (await fetch(`${service.url}/metrics`)).text().catch(() => '');
        const rss = Number(/^process_resident_memory_bytes(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0) / 2 ** 20;
        peaksMb[i] = Math.max(peaksMb[i] ?? 0, Math.round(rss));
      }),
    ).catch(() => undefined);
  };
  const interval = setInterval(() => void poll(), 250);
  return { peaksMb, stop: () => clearInterval(interval) };
}

async function startDispatchers(url: string, count: number, phase: string): Promise<ServiceProcess[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      new ServiceProcess({
        name: `bench-dispatcher-${RUN}-${phase}-${i}`,
        entry: 'apps/dispatcher/src/main.ts',
        port: 3601 + i,
        logDir: join(ROOT, '.local', 'bench', 'logs'),
        env: {
          DATABASE_URL: url,
          DATABASE_SCHEMA: SCHEMA,
          KAFKA_TOPIC_PREFIX: PREFIX,
          KAFKA_GROUP_PREFIX: `${PREFIX}group`,
          KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
          DISPATCHER_BATCH_SIZE: String(BATCH_SIZE),
          LOG_LEVEL: 'warn',
        },
      }).start(),
    ),
  );
}

/** One burst: DUE sends all due at one instant, fired by `instances` dispatcher processes. */
async function runPhase(
  pool: Pool,
  url: string,
  kafka: ReturnType<typeof createKafka>,
  instances: number,
  insertsPerSecond: number,
) {
  const phase = `${instances}x`;
  const dispatchers = await startDispatchers(url, instances, phase);
  const rss = watchRss(dispatchers);
  const reader = await startReader(kafka, phase);
  // The batch must be in before it comes due, or the load is measured instead of the dispatcher.
  // Send steps are ~4x the bytes of the pending notify timers and the dispatchers run meanwhile:
  // measured, they load at a third of the pending rate.
  const loadMs = (DUE / insertsPerSecond) * 1000 * 5;
  const dueAt = new Date(Date.now() + Math.max(DUE_LEAD_MS, loadMs));
  const ids = Array.from({ length: DUE }, (_, i) => `due_${phase}_${i}`);
  await insertTimers(pool, `${phase}: ${DUE.toLocaleString()} sends due at ${dueAt.toISOString()}`, DUE, (i) => ({
    id: ids[i] as string,
    dueAt,
    action: sendStep(ids[i] as string, i),
  }));
  if (Date.now() > dueAt.getTime()) log(`WARNING: the load ended after the due time; raise BENCH_DUE_LEAD_MS`);

  const mine = () => reader.fired.filter((f) => f.timerId.startsWith(`due_${phase}_`));
  const firedTimers = () => new Set(mine().map((f) => f.timerId)).size;
  await waitFor(`${phase}: all ${DUE} sends fired`, () => firedTimers() >= DUE, {
    timeoutMs: 5 * 60_000,
    intervalMs: 200,
  }).catch((error: unknown) => log(String(error)));
  await new Promise((resolve) => setTimeout(resolve, 2000)); // room for a duplicate to show up
  const fired = mine();
  rss.stop();
  await reader.stop();
  await Promise.all(dispatchers.map((d) => d.stop()));

  const seen = new Set(fired.map((f) => f.timerId));
  const lateness = fired.map((f) => f.latenessMs).sort((a, b) => a - b);
  const lastFiredAt = Math.max(...fired.map((f) => f.firedAt));
  const drainSeconds = (lastFiredAt - dueAt.getTime()) / 1000;
  return {
    instances,
    due: DUE,
    firedPerSecond: Math.round(fired.length / Math.max(drainSeconds, 0.001)),
    latenessMs: {
      p50: percentile(lateness, 50),
      p99: percentile(lateness, 99),
      max: lateness.at(-1) ?? NaN,
    },
    duplicates: fired.length - seen.size,
    lost: ids.filter((id) => !seen.has(id)).length,
    peakRssMb: rss.peaksMb,
  };
}

async function main(): Promise<void> {
  const url = databaseUrl();
  log(`Postgres ${url.replace(/\/\/[^@]*@/, '//')}, schema ${SCHEMA}, topic prefix ${PREFIX}`);
  const pool = createPool({ connectionString: url, applicationName: 'bench-dispatcher', schema: SCHEMA, max: 2 });
  const kafka = createKafka({ brokers: ['127.0.0.1:9092'], clientId: `bench-dispatcher-${RUN}`, logger });
  try {
    await runMigrations(pool, {
      schema: SCHEMA,
      migrationsDir: join(ROOT, 'apps', 'dispatcher', 'prisma', 'migrations'),
    });
    await ensureTopics(
      kafka,
      topicSpecs(PARTITIONS).map((spec) => ({ ...spec, topic: PREFIX + spec.topic })),
    );

    const loadedAt = Date.now();
    const pendingInsertsPerSecond = await insertTimers(pool, 'pending timers over 30 days', PENDING, (i) => ({
      id: `pending_${i}`,
      // From an hour ahead to 30 days ahead: none comes due during the run.
      dueAt: new Date(loadedAt + 3_600_000 + Math.floor(Math.random() * 29 * DAY_MS)),
      action: { kind: 'notify', reason: 'delay_elapsed', enrollmentId: `pending_${i}`, stepId: 'step_1' },
    }));
    await pool.query('ANALYZE timer');

    const claimNothingDue = await explainClaim(pool, new Date());
    const claimFullBatch = await explainClaim(pool, new Date(loadedAt + 31 * DAY_MS));
    log(
      `claim with ${PENDING.toLocaleString()} pending: nothing due ${claimNothingDue.executionMs} ms, ` +
        `a batch of ${BATCH_SIZE} due ${claimFullBatch.executionMs} ms`,
    );

    const phases = [];
    for (const instances of [1, 2]) {
      const result = await runPhase(pool, url, kafka, instances, pendingInsertsPerSecond);
      log(
        `${instances} dispatcher(s): ${result.firedPerSecond}/s fired, lateness p50 ${result.latenessMs.p50} ms, ` +
          `p99 ${result.latenessMs.p99} ms, max ${result.latenessMs.max} ms, duplicates ${result.duplicates}, ` +
          `lost ${result.lost}, peak RSS ${result.peakRssMb.join(' + ')} MB`,
      );
      phases.push(result);
    }

    const result = {
      benchmark: 'dispatcher',
      at: new Date().toISOString(),
      settings: { pending: PENDING, due: DUE, batchSize: BATCH_SIZE, partitions: PARTITIONS },
      pendingInsertsPerSecond,
      claimWithPending: {
        nothingDueMs: claimNothingDue.executionMs,
        fullBatchMs: claimFullBatch.executionMs,
        fullBatchPlan: claimFullBatch.plan,
      },
      phases,
    };
    const dir = join(ROOT, '.local', 'bench');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `dispatcher-${RUN}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`result written to ${file}`);
    if (phases.some((p) => p.duplicates > 0 || p.lost > 0)) process.exitCode = 1;
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await pool.end();
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(PREFIX));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith(PREFIX));
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
