/**
 * Analytics benchmark: `npm run bench:analytics`.
 *
 * Against the project's own Postgres (`bash scripts/postgres.sh url stepwise`) and the local Kafka, in
 * a schema, topic prefix and consumer group of its own:
 *   1. generates BENCH_EVENTS events (default 1,000,000) for a 10-step sequence and BENCH_RECIPIENTS
 *      recipients (default 100,000), 5% of them duplicates (an event sent again later, same event id),
 *      and produces them with a batched kafkajs producer, showing progress;
 *   2. runs analytics as its own process (ServiceProcess) from the earliest offset, stops it (SIGTERM)
 *      once half the events are consumed and starts it again: the restart must change no figure;
 *   3. prints events ingested per second and the snapshot query's p50/p99 over BENCH_REQUESTS requests,
 *      and, per second of consuming, what each resource did (analytics process CPU, Postgres executing,
 *      broker CPU, the whole box busy): below DESIGN.md's targets it names the one that ran out;
 *   4. checks every figure of the snapshot, the campaign stats and the overview against a ground truth
 *      the generator keeps while it writes the events (exact; the process exits 1 on any difference).
 * Writes the result as JSON under .local/bench/. Quick run:
 *   BENCH_EVENTS=100000 BENCH_RECIPIENTS=10000 npm run bench:analytics
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Partitioners, type Admin, type Message } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { Topics, topicSpecs, type Channel, type RecipientStatus, type StepType } from '@stepwise/contracts';
import { createKafka, ensureTopics } from '@stepwise/kafka';
import { ServiceProcess, waitFor } from '@stepwise/testing';

const ROOT = join(__dirname, '..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const EVENTS = env('BENCH_EVENTS', 1_000_000);
const RECIPIENTS = env('BENCH_RECIPIENTS', 100_000);
const REQUESTS = env('BENCH_REQUESTS', 1000);
const PARTITIONS = env('BENCH_PARTITIONS', 6);
const PRODUCE_BATCH = env('BENCH_PRODUCE_BATCH', 10_000);
const RUN = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const SCHEMA = `bench_analytics_${RUN}`;
const PREFIX = `bench.analytics.${RUN}.`;
const GROUP_PREFIX = `${PREFIX}group`;
const TENANT = 'bench';
const API_KEY = 'bench-key-0123456789abcdef';
const SEQUENCE = `seq_bench_${RUN}`;
const PORT = env('BENCH_PORT', 3655);
const DAY_MS = 86_400_000;
/** DESIGN.md's targets. */
const TARGET_EVENTS_PER_SECOND = 100_000;
const TARGET_SNAPSHOT_P99_MS = 20;
const START = Date.UTC(2026, 9, 1);
const CAMPAIGN_DAYS = 30;
/** Every 19th distinct event is sent twice: 1 in 20 of all events is a duplicate. */
const DUPLICATE_EVERY = 19;
// kafkajs warns about leader elections of the fresh topics; only errors matter here.
const logger = pino({ level: 'error' });

function log(message: string): void {
  console.log(`[bench:analytics] ${message}`);
}

const STEPS: readonly { stepId: string; type: StepType }[] = [
  { stepId: 'intro', type: 'automated_email' },
  { stepId: 'connect', type: 'linkedin_connection_request' },
  { stepId: 'follow_up', type: 'automated_email' },
  { stepId: 'dm', type: 'linkedin_message' },
  { stepId: 'text', type: 'sms' },
  { stepId: 'call', type: 'task' },
  { stepId: 'bump', type: 'marketing_email' },
  { stepId: 'dm_2', type: 'linkedin_message' },
  { stepId: 'manual', type: 'manual_email' },
  { stepId: 'breakup', type: 'automated_email' },
];

/** What the generator knows happened to one recipient at one step: the ground truth of the snapshot. */
interface StepTruth {
  attempted: boolean;
  delivered: boolean;
  opened: boolean;
  replied: boolean;
  accepted: boolean;
  completed: boolean;
}

/** ...and to one recipient as a whole: the ground truth of campaign stats and the overview. */
interface RecipientTruth {
  createdDay: string;
  steps: Map<number, StepTruth>;
  started: boolean;
  opened: boolean;
  clicked: boolean;
  replied: boolean;
  interested: boolean;
  bounced: boolean;
  completed: boolean;
  emailSent: boolean;
  emailReplied: boolean;
  emailBounced: boolean;
  smsSent: boolean;
  linkedinEngaged: boolean;
  linkedinInvited: boolean;
  linkedinAccepted: boolean;
  linkedinMessaged: boolean;
  linkedinReplied: boolean;
  /** The step last reached, and the step it is Pending Action at, if it is. */
  currentStep: number;
  pendingAt: number | null;
}

/** mulberry32: a seeded generator, so a run can be repeated event for event. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Outgoing {
  topic: string;
  message: Message;
}

type Facts = Record<string, boolean>;
interface StepRecord {
  stepId: string;
  channel?: Channel;
  facts: Facts;
}

/**
 * Writes one recipient's journey through the steps, transition by transition, as enrollment
 * publishes it (one enrollment.transitioned each, with the facts of every step it changed), until
 * its event budget is spent or it replies, bounces or completes.
 */
class JourneyWriter {
  readonly events: Outgoing[] = [];
  private clock: number;
  private step = 0;
  /** The facts published so far per step: each event carries a changed step's facts complete. */
  private readonly published = new Map<number, Facts>();

  constructor(
    private readonly enrollmentId: string,
    private readonly truth: RecipientTruth,
    createdAt: number,
    private readonly budget: number,
    private readonly rand: () => number,
  ) {
    this.clock = createdAt;
  }

  write(): void {
    for (this.step = 0; this.step < STEPS.length; this.step++) {
      if (!this.reach() || !this.act()) return;
    }
    if (this.transition({ status: this.statusOf('completed', undefined, null) })) this.truth.completed = true;
  }

  private get full(): boolean {
    return this.events.length >= this.budget;
  }

  private transition(change: { status?: object; reachedStep?: object; steps?: StepRecord[] }): boolean {
    if (this.full) return false;
    this.clock += 1000;
    const envelope = {
      eventId: randomUUID(),
      type: 'enrollment.transitioned',
      version: 1,
      occurredAt: new Date(this.clock).toISOString(),
      tenantId: TENANT,
      key: this.enrollmentId,
      payload: {
        enrollmentId: this.enrollmentId,
        sequenceId: SEQUENCE,
        recipientId: `r_${this.enrollmentId}`,
        ...change,
        steps: change.steps ?? [],
      },
    };
    this.events.push({
      topic: Topics.enrollmentEvents,
      message: { key: this.enrollmentId, value: JSON.stringify(envelope) },
    });
    return true;
  }

  /** The step's facts with `facts` added (false takes one back), as the event states them. */
  private record(step: number, facts: Facts, channel?: Channel): StepRecord {
    const merged: Facts = { ...this.published.get(step), ...facts };
    for (const name of Object.keys(merged)) if (!merged[name]) delete merged[name];
    this.published.set(step, merged);
    const { stepId } = STEPS[step] as (typeof STEPS)[number];
    return { stepId, facts: merged, ...(channel ? { channel } : {}) };
  }

  private statusOf(to: RecipientStatus, substatus: string | undefined, step: number | null) {
    return {
      from: 'in_progress',
      to,
      ...(substatus ? { substatus } : {}),
      ...(step !== null ? { stepId: (STEPS[step] as (typeof STEPS)[number]).stepId } : {}),
    };
  }

  private stepTruth(): StepTruth {
    const existing = this.truth.steps.get(this.step);
    if (existing) return existing;
    const created = {
      attempted: false,
      delivered: false,
      opened: false,
      replied: false,
      accepted: false,
      completed: false,
    };
    this.truth.steps.set(this.step, created);
    return created;
  }

  private reach(): boolean {
    const { stepId, type } = STEPS[this.step] as (typeof STEPS)[number];
    const steps: StepRecord[] = [];
    let status: object | undefined;
    // A recipient Pending Action at a task or manual email moves on: the task was completed.
    const left = this.truth.pendingAt;
    if (left !== null) {
      status = this.statusOf('in_progress', 'scheduled', this.step);
      steps.push(this.record(left, { pending: false, completed: true }));
    }
    steps.push(this.record(this.step, { reached: true }));
    if (!this.transition({ status, reachedStep: { stepId, stepType: type, attempt: 1 }, steps })) return false;
    if (left !== null) {
      (this.truth.steps.get(left) as StepTruth).completed = true;
      this.truth.pendingAt = null;
    }
    this.stepTruth();
    this.truth.currentStep = this.step;
    if (type.startsWith('linkedin_')) this.truth.linkedinEngaged = true;
    return true;
  }

  /** What enrollment made of one outcome of the channel: the step's facts. */
  private outcome(channel: Channel, facts: Facts): boolean {
    if (!this.transition({ steps: [this.record(this.step, { ...facts, attempted: true }, channel)] })) return false;
    this.stepTruth().attempted = true;
    this.truth.started = true;
    return true;
  }

  /** False when the journey ends here (budget spent, reply, bounce). */
  private act(): boolean {
    const { type } = STEPS[this.step] as (typeof STEPS)[number];
    if (type === 'task' || type === 'manual_email') {
      const substatus = type === 'task' ? 'task' : 'manual_email';
      const status = this.statusOf('pending_action', substatus, this.step);
      if (!this.transition({ status, steps: [this.record(this.step, { pending: true, attempted: true })] })) {
        return false;
      }
      this.stepTruth().attempted = true;
      this.truth.started = true;
      this.truth.pendingAt = this.step;
      if (type === 'task') return true;
    }
    if (type === 'linkedin_connection_request') {
      if (!this.outcome('social', { invited: true })) return false;
      this.truth.linkedinInvited = true;
      if (this.rand() < 0.3) {
        if (!this.outcome('social', { accepted: true })) return false;
        this.truth.linkedinAccepted = this.stepTruth().accepted = true;
      }
      return true;
    }
    if (type === 'linkedin_message') {
      if (!this.outcome('social', { sent: true })) return false;
      this.truth.linkedinMessaged = true;
      if (this.rand() < 0.08) return this.reply('social');
      return true;
    }
    if (type === 'sms') {
      if (!this.outcome('sms', { sent: true })) return false;
      this.truth.smsSent = true;
      if (!this.outcome('sms', { delivered: true })) return false;
      this.stepTruth().delivered = true;
      if (this.rand() < 0.05) return this.reply('sms');
      return true;
    }
    return this.email();
  }

  private email(): boolean {
    if (!this.outcome('email', { sent: true })) return false;
    this.truth.emailSent = true;
    if (this.rand() < 0.03) {
      if (this.end('bounced', undefined, 'email', { bounced: true, delivered: false })) {
        this.truth.bounced = this.truth.emailBounced = true;
      }
      return false;
    }
    if (!this.outcome('email', { delivered: true })) return false;
    this.stepTruth().delivered = true;
    if (this.rand() < 0.4) {
      // A fifth of the opens are a privacy proxy's: enrollment states them as attempted only.
      const machineGenerated = this.rand() < 0.2;
      if (!this.outcome('email', machineGenerated ? {} : { opened: true })) return false;
      if (!machineGenerated) this.truth.opened = this.stepTruth().opened = true;
    }
    if (this.rand() < 0.1) {
      const machineGenerated = this.rand() < 0.3;
      if (!this.outcome('email', machineGenerated ? {} : { clicked: true })) return false;
      if (!machineGenerated) this.truth.clicked = true;
    }
    if (this.rand() < 0.05) return this.reply('email');
    return true;
  }

  private reply(channel: Channel): boolean {
    const interested = this.rand() < 0.5;
    if (!this.end('replied', interested ? 'interested' : 'not_interested', channel, { replied: true })) return false;
    this.stepTruth().replied = true;
    this.truth.replied = true;
    this.truth.interested = interested;
    if (channel === 'email') this.truth.emailReplied = true;
    if (channel === 'social') this.truth.linkedinReplied = true;
    return false;
  }

  /**
   * A reply or a hard bounce: one transition ends the run at the step (halted there) with the
   * step's facts; it also ends a Pending Action (a manual email replied to or bounced).
   */
  private end(to: RecipientStatus, substatus: string | undefined, channel: Channel, facts: Facts): boolean {
    const status = {
      ...this.statusOf(to, substatus, this.step),
      ...(to === 'replied' ? { replyChannel: channel } : {}),
    };
    const record = this.record(this.step, { ...facts, attempted: true, halted: true, pending: false }, channel);
    if (!this.transition({ status, steps: [record] })) return false;
    this.stepTruth().attempted = true;
    this.truth.started = true;
    this.truth.pendingAt = null;
    return true;
  }
}

/** The events of every recipient in publication order, duplicates interleaved later in the stream. */
function* generate(truths: RecipientTruth[]): Generator<Outgoing> {
  const rand = random(20261125);
  const distinct = Math.ceil((EVENTS * DUPLICATE_EVERY) / (DUPLICATE_EVERY + 1));
  yield {
    topic: Topics.enrollmentEvents,
    message: {
      key: SEQUENCE,
      value: JSON.stringify({
        eventId: randomUUID(),
        type: 'sequence.published',
        version: 1,
        occurredAt: new Date(START).toISOString(),
        tenantId: TENANT,
        key: SEQUENCE,
        payload: {
          sequenceId: SEQUENCE,
          name: 'Benchmark sequence',
          status: 'active',
          openTrackingEnabled: true,
          steps: STEPS.map((step, position) => ({ ...step, name: step.stepId, position })),
          branches: [],
        },
      }),
    },
  };
  let written = 1;
  let delayed: Outgoing[] = [];
  for (let i = 0; i < RECIPIENTS; i++) {
    const remaining = distinct - written;
    const fair = remaining / (RECIPIENTS - i);
    // Budgets vary (some recipients get far, some barely start); an unspent one goes to the next.
    const budget = Math.max(1, Math.min(remaining, Math.round(fair * 2 * rand())));
    const createdAt = START + (i % CAMPAIGN_DAYS) * DAY_MS + (i % 3600) * 1000;
    const truth: RecipientTruth = {
      createdDay: new Date(createdAt + 1000).toISOString().slice(0, 10),
      steps: new Map(),
      started: false,
      opened: false,
      clicked: false,
      replied: false,
      interested: false,
      bounced: false,
      completed: false,
      emailSent: false,
      emailReplied: false,
      emailBounced: false,
      smsSent: false,
      linkedinEngaged: false,
      linkedinInvited: false,
      linkedinAccepted: false,
      linkedinMessaged: false,
      linkedinReplied: false,
      currentStep: 0,
      pendingAt: null,
    };
    const writer = new JourneyWriter(`enr_${RUN}_${i}`, truth, createdAt, budget, rand);
    writer.write();
    truths.push(truth);
    for (const event of writer.events) {
      written += 1;
      yield event;
      if (written % DUPLICATE_EVERY === 0) delayed.push(event);
    }
    // Duplicates go out a few thousand events after their original, as a redelivery would.
    if (delayed.length >= 200) {
      yield* delayed;
      delayed = [];
    }
  }
  yield* delayed;
}

function databaseUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    execFileSync('bash', [join(ROOT, 'scripts', 'postgres.sh'), 'url', 'stepwise'], { encoding: 'utf8' }).trim()
  );
}

async function produceAll(kafka: ReturnType<typeof createKafka>, truths: RecipientTruth[]): Promise<number> {
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const started = Date.now();
  let sent = 0;
  let batch: Outgoing[] = [];
  const flush = async () => {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of batch) {
      const messages = byTopic.get(topic) ?? [];
      messages.push(message);
      byTopic.set(topic, messages);
    }
    // One request per batch, awaited: keeps each enrollment's events in order on its partition.
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic: PREFIX + topic, messages })),
    });
    sent += batch.length;
    batch = [];
    if (sent % (PRODUCE_BATCH * 10) < PRODUCE_BATCH) {
      log(`produced ${sent.toLocaleString()} events (${Math.round(sent / ((Date.now() - started) / 1000))}/s)`);
    }
  };
  for (const event of generate(truths)) {
    batch.push(event);
    if (batch.length >= PRODUCE_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  await producer.disconnect();
  log(`produced ${sent.toLocaleString()} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return sent;
}

/** Messages the analytics group has committed on the enrollment events topic. */
async function committed(admin: Admin): Promise<{ done: number; total: number }> {
  const groupId = `${GROUP_PREFIX}.analytics.snapshot`;
  let done = 0;
  let total = 0;
  for (const contract of [Topics.enrollmentEvents]) {
    const topic = PREFIX + contract;
    const [ends, [offsets]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const at = new Map(offsets?.partitions.map((p) => [p.partition, Math.max(0, Number(p.offset))]));
    for (const end of ends) {
      total += Number(end.high);
      done += at.get(end.partition) ?? 0;
    }
  }
  return { done, total };
}

function startAnalytics(url: string, phase: string): Promise<ServiceProcess> {
  return new ServiceProcess({
    name: `bench-analytics-${RUN}-${phase}`,
    entry: 'apps/analytics/src/main.ts',
    port: PORT,
    logDir: join(ROOT, '.local', 'bench', 'logs'),
    readyTimeoutMs: 120_000,
    env: {
      DATABASE_URL: url,
      DATABASE_SCHEMA: SCHEMA,
      KAFKA_TOPIC_PREFIX: PREFIX,
      KAFKA_GROUP_PREFIX: GROUP_PREFIX,
      KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
      STEPWISE_API_KEYS: `${TENANT}:${API_KEY}`,
      LOG_LEVEL: 'warn',
    },
  }).start();
}

/** Waits until `until` of the messages are committed, logging progress; returns the seconds it took. */
async function consumeUntil(admin: Admin, until: (progress: { done: number; total: number }) => boolean) {
  const started = Date.now();
  let lastLog = 0;
  await waitFor(
    'analytics to consume',
    async () => {
      const progress = await committed(admin);
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        log(`consumed ${progress.done.toLocaleString()} / ${progress.total.toLocaleString()}`);
      }
      return until(progress);
    },
    { timeoutMs: 60 * 60_000, intervalMs: 100 },
  );
  return (Date.now() - started) / 1000;
}

/** CPU seconds the analytics process has used so far, from its /metrics. */
async function cpuSeconds(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
  return Number(/^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.e+-]+)/m.exec(text)?.[1] ?? NaN);
}

/** Cumulative use of each resource the ingestion competes for; deltas over a phase tell which ran out. */
interface ResourceSample {
  analyticsCpu: number;
  /** Seconds Postgres spent executing statements in the bench's database (pg_stat_database.active_time). */
  postgresActive: number;
  brokerCpu: number;
  /** Busy and total CPU seconds of the whole box (every helper's processes included). */
  boxBusy: number;
  boxTotal: number;
}

const TICKS_PER_SECOND = 100;

function boxCpu(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** user + system CPU seconds of the Kafka broker's JVM, found by its main class; 0 when not local. */
function brokerCpu(): number {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // The process ended while being read.
    }
  }
  return 0;
}

async function sampleResources(db: Client): Promise<ResourceSample> {
  const { rows } = await db.query<{ active: number }>(
    'SELECT active_time / 1000 AS active FROM pg_stat_database WHERE datname = current_database()',
  );
  const box = boxCpu();
  return {
    analyticsCpu: await cpuSeconds(),
    postgresActive: Number(rows[0]?.active ?? 0),
    brokerCpu: brokerCpu(),
    boxBusy: box.busy,
    boxTotal: box.total,
  };
}

function addUsage(usage: ResourceSample, from: ResourceSample, to: ResourceSample): void {
  for (const key of Object.keys(usage) as (keyof ResourceSample)[]) usage[key] += to[key] - from[key];
}

/**
 * Per second of consuming, how much of each resource the run used, and the verdict: the analytics
 * process is one Node thread (1.0 is its limit), Postgres statements of one transaction at a time
 * are one backend (likewise), and the box has os.availableParallelism() cores shared with everything.
 */
function resourceShares(usage: ResourceSample, seconds: number) {
  const share = (value: number) => Number((value / seconds).toFixed(2));
  const cores = availableParallelism();
  const shares = {
    analyticsCpu: share(usage.analyticsCpu),
    postgresActive: share(usage.postgresActive),
    brokerCpu: share(usage.brokerCpu),
    boxBusy: Number((usage.boxBusy / usage.boxTotal).toFixed(2)),
    cores,
    loadAverage: Number(loadavg()[0]?.toFixed(1)),
  };
  const limit =
    shares.boxBusy >= 0.9
      ? `the box's ${cores} cores (${Math.round(shares.boxBusy * 100)}% busy, load ${shares.loadAverage}: other processes take what analytics and Postgres would use)`
      : shares.analyticsCpu >= 0.85
        ? 'the analytics process CPU (one Node thread)'
        : shares.postgresActive >= 0.85
          ? 'Postgres (one backend executing the batch statements)'
          : 'waiting between the steps of the pipeline (fetch, decode, transaction, commit run one after another)';
  return { shares, limit };
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { 'x-api-key': API_KEY } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

type Figures = Record<string, number>;

function percent(count: number, of: number): number | null {
  return of === 0 ? null : Math.round((count * 1000) / of) / 10;
}

/** The snapshot's figures as the generator saw them: per step, each count and its percentage. */
function expectedSnapshot(truths: readonly RecipientTruth[]): Figures {
  const figures: Figures = {};
  STEPS.forEach(({ stepId, type }, index) => {
    const at = truths.flatMap((truth) => {
      const step = truth.steps.get(index);
      return step ? [{ step, truth }] : [];
    });
    const recipients = at.length;
    const count = (test: (entry: (typeof at)[number]) => boolean) => at.filter(test).length;
    const pending = count(({ truth }) => truth.pendingAt === index);
    const rates: Record<string, number> = {
      deliveryRate: count(({ step }) => step.delivered),
      openedRate: count(({ step }) => step.opened),
      repliedRate: count(({ step }) => step.replied),
      acceptedRate: count(({ step }) => step.accepted),
      completedRate: count(({ step }) => step.completed),
      pendingRate: pending,
      overdueRate: 0,
      errorRate: 0,
      skippedRate: 0,
    };
    const shown: Record<StepType, string[]> = {
      automated_email: ['deliveryRate', 'openedRate', 'repliedRate', 'errorRate', 'skippedRate'],
      marketing_email: ['deliveryRate', 'openedRate', 'repliedRate', 'errorRate', 'skippedRate'],
      manual_email: [
        'deliveryRate',
        'openedRate',
        'repliedRate',
        'errorRate',
        'skippedRate',
        'pendingRate',
        'overdueRate',
      ],
      sms: ['deliveryRate', 'repliedRate', 'errorRate', 'skippedRate'],
      linkedin_connection_request: ['acceptedRate', 'errorRate', 'skippedRate'],
      linkedin_message: ['repliedRate', 'errorRate', 'skippedRate'],
      task: ['completedRate', 'pendingRate', 'overdueRate', 'skippedRate'],
    };
    figures[`${stepId}.recipientsAttempted`] = recipients;
    figures[`${stepId}.attempted`] = count(({ step }) => step.attempted);
    if (type === 'task') figures[`${stepId}.tasksCreated`] = recipients;
    for (const name of shown[type]) {
      figures[`${stepId}.${name}.count`] = rates[name] as number;
      figures[`${stepId}.${name}.percent`] = percent(rates[name] as number, recipients) ?? -1;
    }
  });
  return figures;
}

interface SnapshotBody {
  steps: {
    stepId: string;
    recipientsAttempted: number;
    attempted: number;
    metrics: Record<string, { count: number; percent?: number | null }>;
  }[];
}

function snapshotFigures(body: SnapshotBody): Figures {
  const figures: Figures = {};
  for (const step of body.steps) {
    figures[`${step.stepId}.recipientsAttempted`] = step.recipientsAttempted;
    figures[`${step.stepId}.attempted`] = step.attempted;
    for (const [name, metric] of Object.entries(step.metrics)) {
      if (name === 'tasksCreated') {
        figures[`${step.stepId}.tasksCreated`] = metric.count;
        continue;
      }
      figures[`${step.stepId}.${name}.count`] = metric.count;
      figures[`${step.stepId}.${name}.percent`] = metric.percent ?? -1;
    }
  }
  return figures;
}

function expectedCampaign(truths: readonly RecipientTruth[], from: string, to: string): Figures {
  const inRange = truths.filter((truth) => truth.createdDay >= from && truth.createdDay <= to);
  return {
    reachOuts: inRange.length,
    inProgress: inRange.filter((t) => !t.replied && !t.bounced).length,
    opens: inRange.filter((t) => t.opened).length,
    responses: inRange.filter((t) => t.replied).length,
    interested: inRange.filter((t) => t.interested).length,
  };
}

function expectedOverview(truths: readonly RecipientTruth[]): Figures {
  const count = (test: (truth: RecipientTruth) => boolean) => truths.filter(test).length;
  const figures: Figures = {
    'allChannels.totalContacts': truths.length,
    'allChannels.started': count((t) => t.started),
    'allChannels.contacted': count((t) => t.emailSent || t.smsSent || t.linkedinMessaged || t.linkedinInvited),
    'allChannels.replied': count((t) => t.replied),
    'allChannels.positive': count((t) => t.interested),
    'linkedin.engaged': count((t) => t.linkedinEngaged),
    'linkedin.invited': count((t) => t.linkedinInvited),
    'linkedin.accepted': count((t) => t.linkedinAccepted),
    'linkedin.contacted': count((t) => t.linkedinMessaged),
    'linkedin.replied': count((t) => t.linkedinReplied),
    'linkedin.positive': count((t) => t.linkedinReplied && t.interested),
    'email.sent': count((t) => t.emailSent),
    'email.clicked': count((t) => t.clicked),
    'email.replied': count((t) => t.emailReplied),
    'email.positive': count((t) => t.emailReplied && t.interested),
    'email.bounced': count((t) => t.emailBounced),
  };
  const task = STEPS.findIndex((step) => step.type === 'task');
  figures['tasks.pending'] = count((t) => t.pendingAt === task);
  figures['tasks.completed'] = count((t) => t.steps.get(task)?.completed === true);
  STEPS.forEach(({ stepId }, index) => {
    figures[`flow.${stepId}`] = count((t) => t.currentStep === index && !t.replied && !t.bounced && !t.completed);
  });
  return figures;
}

function overviewFigures(body: Record<string, unknown> & { flow: { stepId: string; recipients: number }[] }): Figures {
  const figures: Figures = {};
  for (const group of ['allChannels', 'linkedin', 'email', 'tasks']) {
    for (const [name, value] of Object.entries(body[group] as Record<string, number>))
      figures[`${group}.${name}`] = value;
  }
  for (const step of body.flow) figures[`flow.${step.stepId}`] = step.recipients;
  return figures;
}

/** Every figure that differs, as "name: expected → got". */
function differences(label: string, expected: Figures, got: Figures): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(got)]);
  return [...names]
    .filter((name) => expected[name] !== got[name])
    .map((name) => `${label} ${name}: expected ${expected[name]}, got ${got[name]}`);
}

async function main(): Promise<void> {
  const url = databaseUrl();
  log(`Postgres ${url.replace(/\/\/[^@]*@/, '//')}, schema ${SCHEMA}, topic prefix ${PREFIX}`);
  log(`${EVENTS.toLocaleString()} events, ${RECIPIENTS.toLocaleString()} recipients, ${STEPS.length} steps`);
  const kafka = createKafka({ brokers: ['127.0.0.1:9092'], clientId: `bench-analytics-${RUN}`, logger });
  const admin = kafka.admin();
  await admin.connect();
  let service: ServiceProcess | null = null;
  try {
    await ensureTopics(
      kafka,
      topicSpecs(PARTITIONS).map((spec) => ({ ...spec, topic: PREFIX + spec.topic })),
    );
    const truths: RecipientTruth[] = [];
    const produced = await produceAll(kafka, truths);

    const db = new Client({ connectionString: url });
    await db.connect();
    const usage: ResourceSample = { analyticsCpu: 0, postgresActive: 0, brokerCpu: 0, boxBusy: 0, boxTotal: 0 };
    service = await startAnalytics(url, 'first');
    let phaseStart = await sampleResources(db);
    const firstSeconds = await consumeUntil(admin, ({ done }) => done >= produced / 2);
    addUsage(usage, phaseStart, await sampleResources(db));
    log(`half consumed after ${firstSeconds.toFixed(1)} s: stopping analytics (SIGTERM) and starting it again`);
    await service.stop();
    const restartStarted = Date.now();
    service = await startAnalytics(url, 'second');
    const restartSeconds = (Date.now() - restartStarted) / 1000;
    phaseStart = await sampleResources(db);
    const secondSeconds = await consumeUntil(admin, ({ done, total }) => done >= total);
    addUsage(usage, phaseStart, await sampleResources(db));
    await db.end();
    const consumingSeconds = firstSeconds + secondSeconds;
    const perSecond = Math.round(produced / consumingSeconds);
    const resources = resourceShares(usage, consumingSeconds);
    log(
      `ingested ${produced.toLocaleString()} events in ${consumingSeconds.toFixed(1)} s of consuming: ${perSecond}/s ` +
        `(restart took ${restartSeconds.toFixed(1)} s, not counted)`,
    );
    log(
      `per second of consuming: analytics process CPU ${resources.shares.analyticsCpu} core, Postgres executing statements ` +
        `${resources.shares.postgresActive} s (whole database, other users included), broker CPU ${resources.shares.brokerCpu} core; box ` +
        `${Math.round(resources.shares.boxBusy * 100)}% busy (${resources.shares.cores} cores, load ${resources.shares.loadAverage})`,
    );
    if (perSecond < TARGET_EVENTS_PER_SECOND) {
      log(`below the ${TARGET_EVENTS_PER_SECOND.toLocaleString()} events/s target; what ran out: ${resources.limit}`);
    }

    const latencies: number[] = [];
    let snapshot: SnapshotBody | null = null;
    for (let i = 0; i < REQUESTS; i++) {
      const started = process.hrtime.bigint();
      snapshot = await getJson<SnapshotBody>(`/v1/sequences/${SEQUENCE}/snapshot`);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    latencies.sort((a, b) => a - b);
    const p50 = Number(percentile(latencies, 50).toFixed(2));
    const p99 = Number(percentile(latencies, 99).toFixed(2));
    log(`snapshot query over ${REQUESTS} requests: p50 ${p50} ms, p99 ${p99} ms`);
    if (p99 >= TARGET_SNAPSHOT_P99_MS) {
      log(
        `snapshot p99 above the ${TARGET_SNAPSHOT_P99_MS} ms target; box load ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
      );
    }

    const lastDay = new Date(START + (CAMPAIGN_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    const firstDay = new Date(START).toISOString().slice(0, 10);
    const ranges: [string, string][] = [
      [firstDay, lastDay],
      [firstDay, firstDay],
      ['2026-10-10', '2026-10-12'],
    ];
    // Every figure is fetched before the ground truth is computed: with a million recipients that takes
    // seconds, long enough for the server to close the idle keep-alive connection under the next request.
    const campaigns: Figures[] = [];
    for (const [from, to] of ranges) {
      const got = await getJson<Figures>(`/v1/sequences/${SEQUENCE}/campaign-stats?from=${from}&to=${to}`);
      delete got.from;
      delete got.to;
      campaigns.push(got);
    }
    const overview = await getJson<Parameters<typeof overviewFigures>[0]>(`/v1/sequences/${SEQUENCE}/overview`);
    const expected = { snapshot: expectedSnapshot(truths), overview: expectedOverview(truths) };
    const problems = differences('snapshot', expected.snapshot, snapshotFigures(snapshot as SnapshotBody));
    ranges.forEach(([from, to], index) => {
      const got = campaigns[index] as Figures;
      problems.push(...differences(`campaign-stats ${from}..${to}`, expectedCampaign(truths, from, to), got));
    });
    problems.push(...differences('overview', expected.overview, overviewFigures(overview)));
    const checked = Object.keys(expected.snapshot).length + ranges.length * 5 + Object.keys(expected.overview).length;
    if (problems.length === 0) log(`all ${checked} figures equal the ground truth`);
    else for (const problem of problems) log(`MISMATCH ${problem}`);

    const result = {
      benchmark: 'analytics',
      at: new Date().toISOString(),
      settings: {
        events: EVENTS,
        recipients: RECIPIENTS,
        steps: STEPS.length,
        partitions: PARTITIONS,
        requests: REQUESTS,
      },
      produced,
      duplicates: Math.floor(produced / (DUPLICATE_EVERY + 1)),
      ingestedPerSecond: perSecond,
      consumingSeconds,
      resources,
      restartSeconds,
      snapshotMs: { p50, p99 },
      figuresChecked: checked,
      mismatches: problems,
    };
    const dir = join(ROOT, '.local', 'bench');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `analytics-${RUN}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`result written to ${file}`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await service?.stop();
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await client.end();
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
