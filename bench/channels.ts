/**
 * Channels benchmark: `npm run bench:channels`.
 *
 * Against the project's own Postgres (`bash scripts/postgres.sh start`) and the local Kafka:
 *   1. raw nodemailer (pooled) into the SMTP sink, for the ratio the DESIGN target speaks of;
 *   2. for each channel (email through channel-email into tools/smtp-sink, SMS through channel-sms
 *      into tools/twilio-fake, each stand-in in its own process) and each instance count (1, 2, 4
 *      processes in one consumer group, in a schema and topic prefix of their own): BENCH_STEPS
 *      step-due commands published at once, read back as outcomes.
 * Prints sends/s, p99 command-to-send latency, the peak RSS of each instance, and duplicates;
 * writes the result as JSON under .local/bench/.
 *
 * Latency: SMS uses the fake's receive time of each message against the command's firedAt. The
 * SMTP sink keeps no receive time per message, so email uses the channel's 'sent' outcome time
 * (stamped right after the sink's 250 reply, in the settle) against firedAt.
 * Duplicates: email, the sink's duplicateMessageIds plus messages beyond one per command; SMS, the
 * fake's messages per attempt beyond one; both, 'sent' outcomes per attempt beyond one.
 *
 * Target (DESIGN): channel-email >= 70% of the raw nodemailer rate measured in the same run, with
 * the same transport settings (pooled, SMTP_MAX_CONNECTIONS connections per sender identity,
 * SMTP_MAX_MESSAGES_PER_CONNECTION per connection: nodemailer's default of 100 pauses its pool
 * for 100 ms+ at every connection replacement, which halved the raw rate).
 *
 * Full issue spec (the defaults): 100,000 steps per channel with 1, 2 and 4 instances.
 * Knobs: BENCH_STEPS, BENCH_INSTANCES (e.g. 1,2), BENCH_CHANNELS (email,sms), BENCH_RAW_MESSAGES,
 * BENCH_PARTITIONS, BENCH_SENDERS, BENCH_SMTP_CONNECTIONS, BENCH_SMTP_MESSAGES_PER_CONNECTION.
 * Quick run: BENCH_STEPS=5000 BENCH_INSTANCES=1,2 BENCH_RAW_MESSAGES=5000 npm run bench:channels
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import pino from 'pino';
import { Partitioners, type Kafka } from 'kafkajs';
import {
  createEnvelope,
  stepDueSchema,
  topicSpecs,
  Topics,
  type StepDelivery,
  type StepDue,
  type StepOutcome,
} from '@stepwise/contracts';
import { createKafka, ensureTopics } from '@stepwise/kafka';
import { builtEntry, closedPortUrl, ServiceProcess, waitFor } from '@stepwise/testing';

const ROOT = join(__dirname, '..');
const LOG_DIR = join(ROOT, '.local', 'bench', 'logs');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const STEPS = env('BENCH_STEPS', 100_000);
const INSTANCES = (process.env.BENCH_INSTANCES ?? '1,2,4').split(',').map(Number);
const CHANNELS = (process.env.BENCH_CHANNELS ?? 'email,sms').split(',') as BenchChannel[];
const RAW_MESSAGES = env('BENCH_RAW_MESSAGES', 20_000);
const PARTITIONS = env('BENCH_PARTITIONS', 8);
/** Sender identities the steps are spread over: each gets its own SMTP pool in channel-email. */
const SENDERS = env('BENCH_SENDERS', 20);
const TIMEOUT_MS = env('BENCH_TIMEOUT_MS', 10 * 60_000);
/** The transport settings raw nodemailer and channel-email share, so the ratio compares like with like. */
const SMTP_CONNECTIONS = env('BENCH_SMTP_CONNECTIONS', 5);
const SMTP_MESSAGES_PER_CONNECTION = env('BENCH_SMTP_MESSAGES_PER_CONNECTION', 1_000);
/** DESIGN: channel-email pushes at least this share of what nodemailer alone pushes into the sink. */
const TARGET_SHARE_OF_RAW = 0.7;
const PUBLISH_CHUNK = 5_000;
const RUN = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'bench-auth-token';
const logger = pino({ level: 'error' });

type BenchChannel = 'email' | 'sms';

interface PhaseResult {
  channel: BenchChannel;
  instances: number;
  steps: number;
  delivered: number;
  sendsPerSecond: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
  latencySource: string;
  peakRssMb: number[];
  /** CPU time of all instances (startup included) per sent step. */
  cpuMsPerSend: number;
  duplicates: number;
  failed: number;
}

function log(message: string): void {
  console.log(`[bench:channels] ${message}`);
}

function databaseUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    execFileSync('bash', [join(ROOT, 'scripts', 'postgres.sh'), 'url', 'stepwise'], { encoding: 'utf8' }).trim()
  );
}

const freePort = async () => Number(new URL(await closedPortUrl()).port);

/** A provider stand-in in its own process, as the services meet it in production: over a socket. */
async function startTool(name: string, entry: string, env: Record<string, string>, readyUrl: string) {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${name}-${RUN}.log`), { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, builtEntry(entry).command, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  await waitFor(`${name} to answer`, async () => (await fetch(readyUrl).catch(() => null))?.ok ?? false, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * Peak resident memory and CPU time of each instance, polled from its /metrics. CPU per send does
 * not depend on how busy the box is, so it compares runs made under different load.
 */
function watchInstances(processes: ServiceProcess[]): { peaksMb: number[]; cpuSeconds: number[]; stop: () => void } {
  const peaksMb = processes.map(() => 0);
  const cpuSeconds = processes.map(() => 0);
  const poll = async () => {
    await Promise.all(
      processes.map(async (service, i) => {
        const text = await (await fetch(`${service.url}/metrics`)).text().catch(() => '');
        const rss = Number(/^process_resident_memory_bytes(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0) / 2 ** 20;
        const cpu = Number(/^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.]+)/m.exec(text)?.[1] ?? 0);
        peaksMb[i] = Math.max(peaksMb[i] ?? 0, Math.round(rss));
        cpuSeconds[i] = Math.max(cpuSeconds[i] ?? 0, cpu);
      }),
    ).catch(() => undefined);
  };
  const interval = setInterval(() => void poll(), 250);
  return { peaksMb, cpuSeconds, stop: () => clearInterval(interval) };
}

/**
 * What nodemailer alone pushes into the sink: the ceiling channel-email is measured against. One
 * pooled transport per sender identity with channel-email's settings, as many sends in flight as
 * the pools have connections.
 */
async function rawNodemailer(
  smtpPort: number,
  sinkHttp: string,
): Promise<{ perSecond: number; cpuMsPerMessage: number }> {
  await fetch(`${sinkHttp}/messages`, { method: 'DELETE' });
  const transports = Array.from({ length: SENDERS }, () =>
    createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
      maxMessages: SMTP_MESSAGES_PER_CONNECTION,
    }),
  );
  let next = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: SENDERS * SMTP_CONNECTIONS }, async () => {
      while (next < RAW_MESSAGES) {
        const i = next++;
        await transports[i % SENDERS]?.sendMail({
          from: `recruiter${i % SENDERS}@example.com`,
          to: `candidate${i}@example.com`,
          subject: 'A role you might like',
          text: `Hi Ada, raw ${i}`,
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  for (const transport of transports) transport.close();
  const received = ((await (await fetch(`${sinkHttp}/messages`)).json()) as { count: number }).count;
  if (received !== RAW_MESSAGES) log(`raw nodemailer: the sink counted ${received} of ${RAW_MESSAGES}`);
  return { perSecond: RAW_MESSAGES / seconds, cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / RAW_MESSAGES };
}

/** Load average and core count, so a figure can be read against how busy the box was. */
function boxLoad(): string {
  return `load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} on ${cpus().length} cores`;
}

function delivery(channel: BenchChannel, i: number): StepDelivery {
  const sender = { identityId: `identity_${i % SENDERS}`, address: '' };
  if (channel === 'email') {
    return {
      channel: 'email',
      stepType: 'automated_email',
      sender: { ...sender, address: `recruiter${i % SENDERS}@example.com` },
      to: `candidate${i}@example.com`,
      variables: { firstName: 'Ada' },
      subject: 'A role you might like',
      body: `Hi {{ firstName }}, step ${i}`,
      sameThreadAsPrevious: false,
    };
  }
  return {
    channel: 'sms',
    stepType: 'sms',
    sender: { ...sender, address: `+1500555${String(i % SENDERS).padStart(4, '0')}` },
    to: `+1415${String(1_000_000 + i).slice(-7)}`,
    variables: { firstName: 'Ada' },
    body: `Hi {{ firstName }} (bench_${i})`,
  };
}

/** Reads every outcome of the phase: 'sent' time per attempt, and how many times each came. */
async function readOutcomes(kafka: Kafka, topic: string) {
  const sentAt = new Map<string, number>();
  const counts = { sent: 0, failed: 0, duplicates: 0 };
  const consumer = kafka.consumer({ groupId: `${topic}.reader`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const outcome = JSON.parse(String(message.value)) as StepOutcome;
        const key = outcome.payload.step.enrollmentId;
        if (outcome.payload.outcome === 'failed') counts.failed++;
        if (outcome.payload.outcome !== 'sent') continue;
        if (sentAt.has(key)) counts.duplicates++;
        else counts.sent++;
        sentAt.set(key, Date.parse(outcome.occurredAt));
      }
    },
  });
  return { sentAt, counts, stop: () => consumer.disconnect() };
}

async function runPhase(
  kafka: Kafka,
  url: string,
  channel: BenchChannel,
  instances: number,
  stand: { smtpPort: number; sinkHttp: string; twilioUrl: string },
): Promise<PhaseResult> {
  const phase = `${channel}-${instances}x-${RUN}`;
  const schema = `bench_channels_${phase.replace(/-/g, '_')}`;
  const prefix = `bench.channels.${phase}.`;
  const stepDueTopic = prefix + (channel === 'email' ? Topics.emailStepDue : Topics.smsStepDue);
  const outcomesTopic = prefix + (channel === 'email' ? Topics.emailOutcomes : Topics.smsOutcomes);
  await ensureTopics(
    kafka,
    topicSpecs(PARTITIONS).map((spec) => ({ ...spec, topic: prefix + spec.topic })),
  );
  if (channel === 'email') await fetch(`${stand.sinkHttp}/messages`, { method: 'DELETE' });
  else await fetch(`${stand.twilioUrl}/__messages`, { method: 'DELETE' });

  const started = await Promise.allSettled(
    Array.from({ length: instances }, async (_, i) =>
      new ServiceProcess({
        name: `bench-${phase}-${i}`,
        entry: `apps/channel-${channel}/src/main.ts`,
        port: await freePort(),
        logDir: LOG_DIR,
        env: {
          DATABASE_URL: url,
          DATABASE_SCHEMA: schema,
          KAFKA_TOPIC_PREFIX: prefix,
          KAFKA_GROUP_PREFIX: `${prefix}group`,
          KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
          LOG_LEVEL: 'warn',
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(stand.smtpPort),
          SMTP_MAX_CONNECTIONS: String(SMTP_CONNECTIONS),
          SMTP_MAX_MESSAGES_PER_CONNECTION: String(SMTP_MESSAGES_PER_CONNECTION),
          // channel-email's tracking links and inbound SMTP; port 0: instances must not share one.
          TRACKING_SECRET: 'bench-tracking-secret-of-at-least-32-chars',
          INBOUND_SMTP_PORT: '0',
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_API_BASE_URL: stand.twilioUrl,
        },
      }).start(),
    ),
  );
  const services = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failedStart = started.find((result) => result.status === 'rejected');
  if (failedStart) {
    // An instance that never got ready must not leave its siblings running, or the next phase's data.
    await Promise.all(services.map((s) => s.stop()));
    await cleanUp(kafka, url, schema, prefix);
    throw failedStart.reason;
  }
  const rss = watchInstances(services);
  const outcomes = await readOutcomes(kafka, outcomesTopic);
  const firedAt = new Map<string, number>();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  log(`${phase}: publishing ${STEPS.toLocaleString()} step-due commands to ${instances} instance(s)`);
  for (let start = 0; start < STEPS; start += PUBLISH_CHUNK) {
    const now = new Date();
    const commands: StepDue[] = [];
    for (let i = start; i < Math.min(STEPS, start + PUBLISH_CHUNK); i++) {
      const enrollmentId = `bench_${i}`;
      firedAt.set(enrollmentId, now.getTime());
      commands.push(
        createEnvelope(stepDueSchema, {
          tenantId: 'tenant_bench',
          key: enrollmentId,
          payload: {
            step: { enrollmentId, sequenceId: 'seq_bench', stepId: 'step_1', attempt: 1 },
            delivery: delivery(channel, i),
            timerId: enrollmentId,
            timerVersion: 1,
            dueAt: now.toISOString(),
            firedAt: now.toISOString(),
          },
        }),
      );
    }
    await producer.send({
      topic: stepDueTopic,
      messages: commands.map((c) => ({ key: c.key, value: JSON.stringify(c) })),
    });
  }
  await producer.disconnect();
  const settled = () => outcomes.counts.sent + outcomes.counts.failed;
  await waitFor(`${phase}: every step settled`, () => settled() >= STEPS, {
    timeoutMs: TIMEOUT_MS,
    intervalMs: 250,
  }).catch((error: unknown) => log(String(error)));
  await new Promise((resolve) => setTimeout(resolve, 1500)); // room for a duplicate to show up
  rss.stop();
  await outcomes.stop();
  await Promise.all(services.map((s) => s.stop()));

  const received = await providerReceipts(channel, stand, firedAt);
  const firstFired = Math.min(...firedAt.values());
  const lastSent = Math.max(...outcomes.sentAt.values());
  const latencies = (
    received.latenciesMs ?? [...outcomes.sentAt].map(([id, at]) => at - (firedAt.get(id) as number))
  ).sort((a, b) => a - b);
  await cleanUp(kafka, url, schema, prefix);
  return {
    channel,
    instances,
    steps: STEPS,
    delivered: received.count,
    sendsPerSecond: Math.round(outcomes.counts.sent / ((lastSent - firstFired) / 1000)),
    p50LatencyMs: percentile(latencies, 50),
    p99LatencyMs: percentile(latencies, 99),
    latencySource: received.latenciesMs ? 'provider receive time' : "'sent' outcome time",
    peakRssMb: rss.peaksMb,
    cpuMsPerSend: (1000 * rss.cpuSeconds.reduce((sum, cpu) => sum + cpu, 0)) / Math.max(1, outcomes.counts.sent),
    duplicates: received.duplicates + outcomes.counts.duplicates,
    failed: outcomes.counts.failed,
  };
}

/** What the provider stand-in received: count, duplicates and, where it records it, receive times. */
async function providerReceipts(
  channel: BenchChannel,
  stand: { sinkHttp: string; twilioUrl: string },
  firedAt: Map<string, number>,
): Promise<{ count: number; duplicates: number; latenciesMs?: number[] }> {
  if (channel === 'email') {
    const sink = (await (await fetch(`${stand.sinkHttp}/messages`)).json()) as {
      count: number;
      duplicateMessageIds: number;
    };
    return { count: sink.count, duplicates: sink.duplicateMessageIds + Math.max(0, sink.count - STEPS) };
  }
  const messages = (await (await fetch(`${stand.twilioUrl}/__messages`)).json()) as {
    body: string;
    createdAt: string;
  }[];
  const perAttempt = new Map<string, number>();
  const latenciesMs: number[] = [];
  for (const message of messages) {
    const id = /\((bench_\d+)\)/.exec(message.body)?.[1] ?? '';
    perAttempt.set(id, (perAttempt.get(id) ?? 0) + 1);
    if (perAttempt.get(id) === 1) latenciesMs.push(Date.parse(message.createdAt) - (firedAt.get(id) ?? NaN));
  }
  const duplicates = [...perAttempt.values()].reduce((sum, n) => sum + n - 1, 0);
  return { count: messages.length, duplicates, latenciesMs };
}

async function cleanUp(kafka: Kafka, url: string, schema: string, prefix: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  if (topics.length > 0) await admin.deleteTopics({ topics });
  await admin.disconnect();
}

async function main(): Promise<void> {
  const url = databaseUrl();
  const kafka = createKafka({ brokers: ['127.0.0.1:9092'], clientId: `bench-channels-${RUN}`, logger });
  const [smtpPort, sinkHttpPort, twilioPort] = [await freePort(), await freePort(), await freePort()];
  const sinkHttp = `http://127.0.0.1:${sinkHttpPort}`;
  const twilioUrl = `http://127.0.0.1:${twilioPort}`;
  const sink = await startTool(
    'smtp-sink',
    'tools/smtp-sink/src/main.ts',
    { SMTP_SINK_PORT: String(smtpPort), SMTP_SINK_HTTP_PORT: String(sinkHttpPort) },
    `${sinkHttp}/messages`,
  );
  const twilio = await startTool(
    'twilio-fake',
    'tools/twilio-fake/src/main.ts',
    {
      TWILIO_FAKE_PORT: String(twilioPort),
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FAKE_STATUS_CALLBACKS: 'off',
    },
    `${twilioUrl}/__messages`,
  );
  try {
    log(`start: ${boxLoad()}`);
    const rawRun = await rawNodemailer(smtpPort, sinkHttp);
    const raw = rawRun.perSecond;
    log(
      `raw nodemailer -> sink: ${Math.round(raw)} msg/s, ${rawRun.cpuMsPerMessage.toFixed(2)} ms CPU/msg in the client (${RAW_MESSAGES.toLocaleString()} messages, ` +
        `${SENDERS} pools x ${SMTP_CONNECTIONS} connections, ${SMTP_MESSAGES_PER_CONNECTION} messages per connection; ${boxLoad()})`,
    );
    const results: PhaseResult[] = [];
    for (const channel of CHANNELS) {
      for (const instances of INSTANCES) {
        const result = await runPhase(kafka, url, channel, instances, { smtpPort, sinkHttp, twilioUrl });
        results.push(result);
        const share = result.sendsPerSecond / raw;
        const verdict = share >= TARGET_SHARE_OF_RAW ? 'target met' : 'target missed';
        const ratio =
          channel === 'email'
            ? `, ${Math.round(100 * share)}% of raw (target >= ${100 * TARGET_SHARE_OF_RAW}%: ${verdict})`
            : '';
        log(
          `${channel} x${instances}: ${result.sendsPerSecond} sends/s${ratio}, p50 ${result.p50LatencyMs} ms, ` +
            `p99 ${result.p99LatencyMs} ms (${result.latencySource}), received ${result.delivered}/${STEPS}, ` +
            `failed ${result.failed}, duplicates ${result.duplicates}, peak RSS ${result.peakRssMb.join(' + ')} MB, ` +
            `${result.cpuMsPerSend.toFixed(2)} ms CPU/send; ${boxLoad()}`,
        );
      }
    }
    mkdirSync(join(ROOT, '.local', 'bench'), { recursive: true });
    const file = join(ROOT, '.local', 'bench', `channels-${RUN}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          run: RUN,
          steps: STEPS,
          rawNodemailerPerSecond: raw,
          rawCpuMsPerMessage: rawRun.cpuMsPerMessage,
          load: boxLoad(),
          results,
        },
        null,
        2,
      ),
    );
    log(`written ${file}`);
  } finally {
    await Promise.all([sink.stop(), twilio.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
