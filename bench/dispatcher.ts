/**
 * Dispatcher benchmark: `npm run bench:dispatcher`.
 *
 * Against the project's own Postgres (autovacuum on; `bash scripts/postgres.sh start`) and the
 * local Kafka, in a schema and topic prefix of its own:
 *   1. scheduling: BENCH_SCHEDULE timer.scheduled commands published to the command topic first,
 *      then one dispatcher consumes and stores them (the real path, validation included);
 *   2. claim time with a full batch due, with nothing else pending and again with BENCH_PENDING
 *      timers due over the next 30 days loaded (EXPLAIN ANALYZE, rolled back);
 *   3. bursts: for one dispatcher process, then two, BENCH_DUE send steps all due at one instant;
 *   4. spread: BENCH_SPREAD sends due evenly over BENCH_SPREAD_SECONDS, fired by one dispatcher,
 *      with every twentieth cancelled by command at least 20 s before it is due.
 * Reads every step.due fired from the channel topics and prints timers fired per second, lateness
 * (firedAt - dueAt from the messages: when the claim took them), duplicates, lost and
 * cancelled-but-fired, peak RSS, and the CPU each process used (dispatchers, Postgres, broker,
 * this bench, the rest of the box); where a target is missed it says which of them ran out.
 * CPU per fired timer is the figure to compare builds by on a shared box: the rates swing with
 * whatever else runs. BENCH_PHASES picks phases, BENCH_DISPATCHER_ENTRY another dispatcher build.
 * Writes the result as JSON under .local/bench/.
 * Quick run: BENCH_PENDING=100000 BENCH_DUE=20000 BENCH_SPREAD=100000 npm run bench:dispatcher
 * Peers: BENCH_PEER_RESULTS=<peer result .json,...> prints fired/s and scheduled/s as ratios of theirs.
 * Profile: BENCH_CPU_PROF=<dir> writes each dispatcher's V8 CPU profile there (open in Chrome DevTools).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import pino from 'pino';
import {
  buildEnvelope,
  timerCancelledSchema,
  timerScheduledSchema,
  Topics,
  topicSpecs,
  type TimerAction,
} from '@stepwise/contracts';
import { createPool, runMigrations } from '@stepwise/database';
import { BatchingProducer, createKafka, ensureTopics, envelopeToRecord } from '@stepwise/kafka';
import { ServiceProcess, waitFor } from '@stepwise/testing';
import { CLAIM_DUE_TIMERS_SQL, claimParameters } from '../apps/dispatcher/src/timers/timer.repository';
import { cpuSeconds } from './lib/measure';
import { ratios, readPeerBursts } from './lib/peer-results';

const ROOT = join(__dirname, '..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PENDING = env('BENCH_PENDING', 1_000_000);
const DUE = env('BENCH_DUE', 100_000);
const SCHEDULE = env('BENCH_SCHEDULE', 200_000);
const SPREAD = env('BENCH_SPREAD', 1_000_000);
const SPREAD_SECONDS = env('BENCH_SPREAD_SECONDS', 60);
const BATCH_SIZE = env('BENCH_BATCH_SIZE', 2000);
const PARTITIONS = env('BENCH_PARTITIONS', 6);
/** Least time between loading a due batch and its due time; raised to what the load will take. */
const DUE_LEAD_MS = env('BENCH_DUE_LEAD_MS', 5000);
/** A cancel is published this long before its timer is due: it must win, however busy the box. */
const CANCEL_LEAD_MS = 20_000;
/** Which phases run (schedule, burst, spread); the claim timing always does. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'schedule,burst,spread').split(','));
/** Another build of the dispatcher to compare against, e.g. a copy of the last commit's. */
const DISPATCHER_ENTRY = process.env.BENCH_DISPATCHER_ENTRY ?? 'apps/dispatcher/src/main.ts';
/** Peer results of the same sitting (../shared/peers run.mjs output, comma-separated): printed as ratios. */
const PEERS = readPeerBursts(process.env.BENCH_PEER_RESULTS);
/** A directory: each dispatcher writes a V8 CPU profile there when it stops (node --cpu-prof). */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const INSERT_CHUNK = 50_000;
const DAY_MS = 86_400_000;
const TARGETS = { firedPerSecond: 50_000, schedulePerSecond: 100_000, spreadP99Ms: 250 };
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

/**
 * EXPLAIN ANALYZE of the claim statement, rolled back so nothing is claimed: with nothing due, and
 * with a batch of BATCH_SIZE due now inserted in the same transaction, whatever else is pending.
 */
async function explainClaim(pool: Pool): Promise<{ nothingDueMs: number; fullBatchMs: number; plan: string[] }> {
  const client = await pool.connect();
  const explain = async () => {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${CLAIM_DUE_TIMERS_SQL}`,
      claimParameters(BATCH_SIZE, new Date()),
    );
    const plan = rows.map((r) => r['QUERY PLAN']);
    const execution = plan.find((line) => line.startsWith('Execution Time'));
    return { ms: Number(/([\d.]+) ms/.exec(execution ?? '')?.[1] ?? NaN), plan };
  };
  try {
    await client.query('BEGIN');
    const nothingDue = await explain();
    await client.query(
      `INSERT INTO timer (timer_id, version, tenant_id, key, due_at, action)
       SELECT 'explain_' || i, 1, 'tenant_bench', 'explain_' || i, now() - interval '1 second', $1::jsonb
       FROM generate_series(1, $2) AS i`,
      [JSON.stringify(sendStep('explain', 0)), BATCH_SIZE],
    );
    const fullBatch = await explain();
    return { nothingDueMs: nothingDue.ms, fullBatchMs: fullBatch.ms, plan: fullBatch.plan };
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
async function startReader(kafka: Kafka, phase: string): Promise<{ fired: Fired[]; stop: () => Promise<void> }> {
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

/** Processes found by their command line, read from /proc (Linux only; none elsewhere). */
function pidsWhere(match: (cmdline: string, ppid: number) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (match(cmdline, ppid)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The box's busy and total CPU seconds so far, from /proc/stat. */
function machineCpuSeconds(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0) / 100;
  const idle = ((fields[3] ?? 0) + (fields[4] ?? 0)) / 100;
  return { busy: total - idle, total };
}

type Usage = Record<'dispatchers' | 'postgres' | 'broker' | 'bench' | 'rest', number>;

/**
 * CPU used per process group over a phase, in cores (1 = one core busy the whole phase), and the
 * dispatchers' peak RSS, polled from their /metrics. Postgres is the project's cluster (children
 * of its postmaster); with BENCH_DATABASE_URL it counts as the rest of the box.
 */
function watchResources(dispatchers: ServiceProcess[]): { stop: () => Promise<ResourceReport> } {
  const postmaster = Number(
    (() => {
      try {
        return readFileSync(join(ROOT, '.local', 'postgres', 'data', 'postmaster.pid'), 'utf8').split('\n')[0];
      } catch {
        return NaN;
      }
    })(),
  );
  const groups = () => ({
    postgres: process.env.BENCH_DATABASE_URL ? [] : pidsWhere((_cmd, ppid) => ppid === postmaster),
    broker: pidsWhere((cmd) => cmd.includes('kafka.Kafka')),
  });
  const cpuOf = (pids: number[]) => {
    const cpu = new Map<number, number>();
    for (const pid of pids) {
      try {
        cpu.set(pid, cpuSeconds(pid));
      } catch {
        // gone meanwhile
      }
    }
    return cpu;
  };
  // Per process, so one that ended during the phase (an idle pooled connection) takes only its
  // own CPU with it: the figure is then a floor, never a negative.
  const usedSince = (start: Map<number, number>, pids: number[]) =>
    [...cpuOf(pids)].reduce((sum, [pid, cpu]) => sum + cpu - (start.get(pid) ?? 0), 0);
  const dispatcherCpu = dispatchers.map(() => 0);
  const dispatcherCpuAtStart = dispatchers.map(() => NaN);
  const peaksMb = dispatchers.map(() => 0);
  const poll = async () => {
    await Promise.all(
      dispatchers.map(async (service, i) => {
        const text = await (await fetch(`${service.url}/metrics`)).text().catch(() => '');
        const metric = (name: string) =>
          Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+]+)`, 'm').exec(text)?.[1]);
        const rss = metric('process_resident_memory_bytes') / 2 ** 20;
        const cpu = metric('process_cpu_seconds_total');
        if (rss) peaksMb[i] = Math.max(peaksMb[i] ?? 0, Math.round(rss));
        if (Number.isFinite(cpu)) {
          if (Number.isNaN(dispatcherCpuAtStart[i])) dispatcherCpuAtStart[i] = cpu;
          dispatcherCpu[i] = cpu - (dispatcherCpuAtStart[i] ?? cpu);
        }
      }),
    ).catch(() => undefined);
  };
  const startedAt = Date.now();
  const pids = groups();
  const startPostgres = cpuOf(pids.postgres);
  const startBroker = cpuOf(pids.broker);
  const startBench = process.cpuUsage();
  const startMachine = machineCpuSeconds();
  void poll();
  const interval = setInterval(() => void poll(), 1000);
  return {
    stop: async () => {
      clearInterval(interval);
      await poll();
      const seconds = (Date.now() - startedAt) / 1000;
      const bench = process.cpuUsage(startBench);
      const machine = machineCpuSeconds();
      const now = groups();
      const used = {
        dispatchers: dispatcherCpu.reduce((a, b) => a + b, 0),
        postgres: usedSince(startPostgres, now.postgres),
        broker: usedSince(startBroker, now.broker),
        bench: (bench.user + bench.system) / 1e6,
      };
      const busy = machine.busy - startMachine.busy;
      const cores = (value: number) => Math.round((value / seconds) * 100) / 100;
      const usage: Usage = {
        dispatchers: cores(used.dispatchers),
        postgres: cores(used.postgres),
        broker: cores(used.broker),
        bench: cores(used.bench),
        rest: cores(Math.max(0, busy - used.dispatchers - used.postgres - used.broker - used.bench)),
      };
      return {
        seconds,
        cpuSeconds: used,
        cores: usage,
        perDispatcher: dispatcherCpu.map(cores),
        machineBusy: cores(busy),
        machineCores: cpus().length,
        loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
        peakRssMb: peaksMb,
      };
    },
  };
}

interface ResourceReport {
  seconds: number;
  cpuSeconds: Omit<Usage, 'rest'>;
  cores: Usage;
  perDispatcher: number[];
  machineBusy: number;
  machineCores: number;
  loadAverage: string;
  peakRssMb: number[];
}

/** Which resource ran out, judged from where the CPU went; printed when a target is missed. */
function bottleneck(report: ResourceReport): string {
  const { cores, machineBusy, machineCores, perDispatcher, loadAverage } = report;
  const spent = Object.entries(cores)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  const where = `cores used: ${spent} (machine ${machineBusy} of ${machineCores}, load average ${loadAverage})`;
  if (perDispatcher.some((value) => value >= 0.9)) {
    return `a dispatcher's JS thread (one core) was saturated; ${where}. More instances, or less work per timer, would move it`;
  }
  if (machineBusy >= 0.9 * machineCores) {
    const top = Object.entries(cores).sort((a, b) => b[1] - a[1])[0]?.[0];
    return `the machine's CPU ran out (largest share: ${top}); ${where}. A less loaded or larger box would move it`;
  }
  return `no CPU ran out: the dispatchers waited on Postgres or the broker round trips; ${where}`;
}

/** Every dispatcher started, so a failed run stops them too instead of leaving them behind. */
const startedDispatchers: ServiceProcess[] = [];

async function startDispatchers(url: string, count: number, phase: string): Promise<ServiceProcess[]> {
  const dispatchers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new ServiceProcess({
        name: `bench-dispatcher-${RUN}-${phase}-${i}`,
        entry: DISPATCHER_ENTRY,
        port: 3601 + i,
        logDir: join(ROOT, '.local', 'bench', 'logs'),
        nodeArgs: CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [],
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
  startedDispatchers.push(...dispatchers);
  return dispatchers;
}

/** Publishes timer commands through the same batching producer the services use. */
async function publishCommands(
  producer: BatchingProducer,
  label: string,
  count: number,
  command: (i: number) => ReturnType<typeof scheduled> | ReturnType<typeof cancelled>,
): Promise<void> {
  const chunk = 10_000;
  for (let from = 0; from < count; from += chunk) {
    const envelopes = Array.from({ length: Math.min(chunk, count - from) }, (_, k) => command(from + k));
    await producer.publishRecords(
      envelopes.map((envelope) => envelopeToRecord({ topic: PREFIX + Topics.timerCommands, envelope })),
    );
    process.stdout.write(
      `\r[bench:dispatcher] ${label}: ${(from + envelopes.length).toLocaleString()} / ${count.toLocaleString()}`,
    );
  }
  process.stdout.write('\n');
}

function scheduled(id: string, dueAt: Date, action: TimerAction) {
  return buildEnvelope(timerScheduledSchema, {
    tenantId: 'tenant_bench',
    key: id,
    payload: { timerId: id, version: 1, dueAt: dueAt.toISOString(), action },
  });
}

function cancelled(id: string) {
  return buildEnvelope(timerCancelledSchema, {
    tenantId: 'tenant_bench',
    key: id,
    payload: { timerId: id, version: 1 },
  });
}

async function countTimers(pool: Pool, like: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM timer WHERE timer_id LIKE $1', [like]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The scheduling path as it runs: commands already on the topic, one dispatcher consuming,
 * validating and storing them. Timed from the first stored timer to the last.
 */
async function runSchedulingPhase(pool: Pool, url: string, producer: BatchingProducer) {
  const now = Date.now();
  await publishCommands(producer, 'timer.scheduled commands published', SCHEDULE, (i) =>
    scheduled(`sched_${i}`, new Date(now + 3_600_000 + ((i % 1000) * DAY_MS) / 40), sendStep(`sched_${i}`, i)),
  );
  const [dispatcher] = await startDispatchers(url, 1, 'schedule');
  const resources = watchResources(dispatcher ? [dispatcher] : []);
  let firstAt = 0;
  await waitFor(
    `all ${SCHEDULE} scheduled timers stored`,
    async () => {
      const stored = await countTimers(pool, 'sched\\_%');
      if (stored > 0 && firstAt === 0) firstAt = Date.now();
      return stored >= SCHEDULE;
    },
    { timeoutMs: 10 * 60_000, intervalMs: 100 },
  );
  const seconds = (Date.now() - firstAt) / 1000;
  const report = await resources.stop();
  await dispatcher?.stop();
  await pool.query(`DELETE FROM timer WHERE timer_id LIKE 'sched\\_%'`);
  return { scheduled: SCHEDULE, perSecond: Math.round(SCHEDULE / Math.max(seconds, 0.001)), resources: report };
}

function summarise(fired: Fired[], expected: string[], cancelledIds: string[], dueStart: number) {
  const seen = new Set(fired.map((f) => f.timerId));
  const lateness = fired.map((f) => f.latenessMs).sort((a, b) => a - b);
  const lastFiredAt = fired.reduce((last, f) => Math.max(last, f.firedAt), 0);
  return {
    fired: fired.length,
    drainSeconds: (lastFiredAt - dueStart) / 1000,
    latenessMs: { p50: percentile(lateness, 50), p99: percentile(lateness, 99), max: lateness.at(-1) ?? NaN },
    duplicates: fired.length - seen.size,
    lost: expected.filter((id) => !seen.has(id)).length,
    cancelledButFired: cancelledIds.filter((id) => seen.has(id)).length,
  };
}

/** One burst: DUE sends all due at one instant, fired by `instances` dispatcher processes. */
async function runBurstPhase(pool: Pool, url: string, kafka: Kafka, instances: number, insertsPerSecond: number) {
  const phase = `${instances}x`;
  const dispatchers = await startDispatchers(url, instances, phase);
  const reader = await startReader(kafka, phase);
  // The batch must be in before it comes due, or the load is measured instead of the dispatcher.
  // Send steps are ~4x the bytes of the pending notify timers and the dispatchers run meanwhile.
  const loadMs = (DUE / insertsPerSecond) * 1000 * 5;
  const dueAt = new Date(Date.now() + Math.max(DUE_LEAD_MS, loadMs));
  const ids = Array.from({ length: DUE }, (_, i) => `due_${phase}_${i}`);
  await insertTimers(pool, `${phase}: ${DUE.toLocaleString()} sends due at ${dueAt.toISOString()}`, DUE, (i) => ({
    id: ids[i] as string,
    dueAt,
    action: sendStep(ids[i] as string, i),
  }));
  if (Date.now() > dueAt.getTime()) log(`WARNING: the load ended after the due time; raise BENCH_DUE_LEAD_MS`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt.getTime() - Date.now())));
  const resources = watchResources(dispatchers);

  const mine = () => reader.fired.filter((f) => f.timerId.startsWith(`due_${phase}_`));
  await waitFor(`${phase}: all ${DUE} sends fired`, () => new Set(mine().map((f) => f.timerId)).size >= DUE, {
    timeoutMs: 5 * 60_000,
    intervalMs: 200,
  }).catch((error: unknown) => log(String(error)));
  const report = await resources.stop();
  await new Promise((resolve) => setTimeout(resolve, 2000)); // room for a duplicate to show up
  const summary = summarise(mine(), ids, [], dueAt.getTime());
  await reader.stop();
  await Promise.all(dispatchers.map((d) => d.stop()));
  return {
    instances,
    due: DUE,
    firedPerSecond: Math.round(summary.fired / Math.max(summary.drainSeconds, 0.001)),
    ...summary,
    resources: report,
  };
}

/**
 * SPREAD sends due evenly over SPREAD_SECONDS, one dispatcher; every twentieth is cancelled by a
 * command published at least CANCEL_LEAD_MS before it is due (it must never fire).
 */
async function runSpreadPhase(
  pool: Pool,
  url: string,
  kafka: Kafka,
  producer: BatchingProducer,
  insertsPerSecond: number,
) {
  const [dispatcher] = await startDispatchers(url, 1, 'spread');
  const reader = await startReader(kafka, 'spread');
  const loadMs = (SPREAD / insertsPerSecond) * 1000 * 5;
  const start = Date.now() + Math.max(DUE_LEAD_MS, loadMs) + CANCEL_LEAD_MS;
  const ids = Array.from({ length: SPREAD }, (_, i) => `spread_${i}`);
  const dueAtOf = (i: number) => new Date(start + Math.floor((i / SPREAD) * SPREAD_SECONDS * 1000));
  await insertTimers(pool, `spread: ${SPREAD.toLocaleString()} sends due over ${SPREAD_SECONDS} s`, SPREAD, (i) => ({
    id: ids[i] as string,
    dueAt: dueAtOf(i),
    action: sendStep(ids[i] as string, i),
  }));
  const cancelledIds = ids.filter((_, i) => i % 20 === 19);
  if (Date.now() > start - CANCEL_LEAD_MS) log('WARNING: the load ended late; cancels may not lead by 20 s');
  await publishCommands(producer, 'spread: timer.cancelled commands published', cancelledIds.length, (i) =>
    cancelled(cancelledIds[i] as string),
  );
  if (Date.now() > start) log('WARNING: the cancels went out after the first due time; raise BENCH_DUE_LEAD_MS');
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now())));
  const resources = watchResources(dispatcher ? [dispatcher] : []);
  const expected = ids.filter((_, i) => i % 20 !== 19);
  const mine = () => reader.fired.filter((f) => f.timerId.startsWith('spread_'));
  await waitFor('spread: all sends fired', () => new Set(mine().map((f) => f.timerId)).size >= expected.length, {
    timeoutMs: SPREAD_SECONDS * 1000 + 5 * 60_000,
    intervalMs: 500,
  }).catch((error: unknown) => log(String(error)));
  const report = await resources.stop();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const summary = summarise(mine(), expected, cancelledIds, start);
  await reader.stop();
  await dispatcher?.stop();
  return { timers: SPREAD, overSeconds: SPREAD_SECONDS, cancelled: cancelledIds.length, ...summary, resources: report };
}

/** CPU microseconds each process group spent per timer handled: comparable across loads. */
function cpuPerTimer(report: ResourceReport, timers: number): Record<string, number> {
  const perTimer = (seconds: number) => Math.round((seconds / Math.max(timers, 1)) * 1e6);
  const { dispatchers, postgres, broker } = report.cpuSeconds;
  return { dispatchersUs: perTimer(dispatchers), postgresUs: perTimer(postgres), brokerUs: perTimer(broker) };
}

function describeResources(report: ResourceReport, timers: number): string {
  const c = report.cores;
  const perTimer = cpuPerTimer(report, timers);
  return (
    `CPU per timer: dispatcher ${perTimer.dispatchersUs} µs, postgres ${perTimer.postgresUs} µs, ` +
    `broker ${perTimer.brokerUs} µs; ` +
    `cores: dispatcher(s) ${report.perDispatcher.join(' + ')}, postgres ${c.postgres}, broker ${c.broker}, ` +
    `bench ${c.bench}, rest of box ${c.rest} (machine ${report.machineBusy}/${report.machineCores}, ` +
    `load ${report.loadAverage}); peak RSS ${report.peakRssMb.join(' + ')} MB`
  );
}

async function scheduleAndReport(pool: Pool, url: string, producer: BatchingProducer) {
  const scheduling = await runSchedulingPhase(pool, url, producer);
  log(
    `scheduling (commands -> stored timers, 1 dispatcher): ${scheduling.perSecond}/s; ` +
      describeResources(scheduling.resources, SCHEDULE),
  );
  if (PEERS.length > 0) {
    log(`  scheduled/s against peers: ${ratios(scheduling.perSecond, PEERS, (p) => p.schedulePerSecond)}`);
  }
  if (scheduling.perSecond < TARGETS.schedulePerSecond) {
    log(`  target ${TARGETS.schedulePerSecond}/s missed: ${bottleneck(scheduling.resources)}`);
  }
  return scheduling;
}

async function burstsAndReport(pool: Pool, url: string, kafka: Kafka, insertsPerSecond: number) {
  const bursts = [];
  for (const instances of [1, 2]) {
    const result = await runBurstPhase(pool, url, kafka, instances, insertsPerSecond);
    log(
      `burst, ${instances} dispatcher(s): ${result.firedPerSecond}/s fired, lateness p50 ${result.latenessMs.p50} ms, ` +
        `p99 ${result.latenessMs.p99} ms, max ${result.latenessMs.max} ms, duplicates ${result.duplicates}, ` +
        `lost ${result.lost}; ${describeResources(result.resources, result.fired)}`,
    );
    if (PEERS.length > 0)
      log(`  fired/s against peers: ${ratios(result.firedPerSecond, PEERS, (p) => p.firedPerSecond)}`);
    if (instances === 1 && result.firedPerSecond < TARGETS.firedPerSecond) {
      log(`  target ${TARGETS.firedPerSecond}/s missed: ${bottleneck(result.resources)}`);
    }
    bursts.push(result);
  }
  return bursts;
}

async function spreadAndReport(
  pool: Pool,
  url: string,
  kafka: Kafka,
  producer: BatchingProducer,
  insertsPerSecond: number,
) {
  const spread = await runSpreadPhase(pool, url, kafka, producer, insertsPerSecond);
  log(
    `spread, ${SPREAD.toLocaleString()} due over ${SPREAD_SECONDS} s, 1 dispatcher: lateness p50 ` +
      `${spread.latenessMs.p50} ms, p99 ${spread.latenessMs.p99} ms, max ${spread.latenessMs.max} ms, ` +
      `duplicates ${spread.duplicates}, lost ${spread.lost}, cancelled but fired ${spread.cancelledButFired} ` +
      `of ${spread.cancelled}; ${describeResources(spread.resources, spread.fired)}`,
  );
  if (spread.latenessMs.p99 >= TARGETS.spreadP99Ms) {
    log(`  target p99 < ${TARGETS.spreadP99Ms} ms missed: ${bottleneck(spread.resources)}`);
  }
  return spread;
}

async function main(): Promise<void> {
  const url = databaseUrl();
  log(`Postgres ${url.replace(/\/\/[^@]*@/, '//')}, schema ${SCHEMA}, topic prefix ${PREFIX}`);
  log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  const pool = createPool({ connectionString: url, applicationName: 'bench-dispatcher', schema: SCHEMA, max: 2 });
  const kafka = createKafka({ brokers: ['127.0.0.1:9092'], clientId: `bench-dispatcher-${RUN}`, logger });
  const producer = new BatchingProducer(kafka);
  try {
    await runMigrations(pool, {
      schema: SCHEMA,
      migrationsDir: join(ROOT, 'apps', 'dispatcher', 'prisma', 'migrations'),
    });
    await ensureTopics(
      kafka,
      topicSpecs(PARTITIONS).map((spec) => ({ ...spec, topic: PREFIX + spec.topic })),
    );
    await producer.connect();

    const scheduling = PHASES.has('schedule') ? await scheduleAndReport(pool, url, producer) : undefined;

    const claimAtZero = await explainClaim(pool);
    const loadedAt = Date.now();
    const pendingInsertsPerSecond = await insertTimers(pool, 'pending timers over 30 days', PENDING, (i) => ({
      id: `pending_${i}`,
      // From an hour ahead to 30 days ahead: none comes due during the run.
      dueAt: new Date(loadedAt + 3_600_000 + Math.floor(Math.random() * 29 * DAY_MS)),
      action: { kind: 'notify', reason: 'delay_elapsed', enrollmentId: `pending_${i}`, stepId: 'step_1' },
    }));
    await pool.query('ANALYZE timer');
    const claimAtPending = await explainClaim(pool);
    log(
      `claim, nothing due: ${claimAtZero.nothingDueMs} ms with 0 pending, ${claimAtPending.nothingDueMs} ms with ` +
        `${PENDING.toLocaleString()}; a batch of ${BATCH_SIZE} due: ${claimAtZero.fullBatchMs} ms with 0 pending, ` +
        `${claimAtPending.fullBatchMs} ms with ${PENDING.toLocaleString()}`,
    );

    const bursts = PHASES.has('burst') ? await burstsAndReport(pool, url, kafka, pendingInsertsPerSecond) : [];
    const spread = PHASES.has('spread')
      ? await spreadAndReport(pool, url, kafka, producer, pendingInsertsPerSecond)
      : undefined;

    const result = {
      benchmark: 'dispatcher',
      at: new Date().toISOString(),
      settings: {
        pending: PENDING,
        due: DUE,
        schedule: SCHEDULE,
        spread: SPREAD,
        spreadSeconds: SPREAD_SECONDS,
        batchSize: BATCH_SIZE,
        partitions: PARTITIONS,
        producerClient: process.env.KAFKA_PRODUCER_CLIENT ?? 'librdkafka',
      },
      peers: PEERS,
      targets: TARGETS,
      scheduling,
      pendingInsertsPerSecond,
      claim: {
        pending: PENDING,
        atZeroPending: { nothingDueMs: claimAtZero.nothingDueMs, fullBatchMs: claimAtZero.fullBatchMs },
        atPending: { nothingDueMs: claimAtPending.nothingDueMs, fullBatchMs: claimAtPending.fullBatchMs },
        fullBatchPlan: claimAtPending.plan,
      },
      bursts,
      spread,
    };
    const dir = join(ROOT, '.local', 'bench');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `dispatcher-${RUN}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`result written to ${file}`);
    const phases = spread ? [...bursts, spread] : bursts;
    if (phases.some((p) => p.duplicates > 0 || p.lost > 0) || (spread?.cancelledButFired ?? 0) > 0) {
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(startedDispatchers.map((dispatcher) => dispatcher.stop()));
    await producer.disconnect().catch(() => undefined);
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
