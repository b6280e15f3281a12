import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { ServiceProcess, waitFor } from '@stepwise/testing';
import { MAX_RECIPIENTS_PER_REQUEST } from '../../apps/enrollment/src/enrollment/dto/enroll-recipients.dto';
import { cpuSeconds } from './measure';

const ROOT = join(__dirname, '..', '..');
const API_KEY = 'bench-key-0123456789abcdef';

/** One benchmark run of the enrollment service: its own schema, topic prefix and consumer groups. */
export interface EnrollmentRun {
  id: string;
  schema: string;
  topicPrefix: string;
  databaseUrl: string;
  port: number;
}

/** BENCH_PORT, else a port the kernel says is free: other runs on the machine may hold fixed ones. */
export async function newRun(label: string): Promise<EnrollmentRun> {
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  return {
    id,
    schema: `bench_${label}_${id}`,
    topicPrefix: `bench.${label}.${id}.`,
    databaseUrl:
      process.env.BENCH_DATABASE_URL ??
      execFileSync('bash', [join(ROOT, 'scripts', 'postgres.sh'), 'url', 'stepwise'], { encoding: 'utf8' }).trim(),
    port,
  };
}

export async function startEnrollmentService(run: EnrollmentRun): Promise<ServiceProcess> {
  return new ServiceProcess({
    name: `bench-enrollment-${run.id}`,
    entry: 'apps/enrollment/src/main.ts',
    port: run.port,
    env: {
      DATABASE_URL: run.databaseUrl,
      DATABASE_SCHEMA: run.schema,
      KAFKA_TOPIC_PREFIX: run.topicPrefix,
      KAFKA_GROUP_PREFIX: `bench-${run.id}`,
      STEPWISE_API_KEYS: `bench:${API_KEY}`,
      LOG_LEVEL: 'warn',
    },
  }).start();
}

export async function api<T>(run: EnrollmentRun, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${run.port}${path}`, {
    method,
    headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** An email step now, then a call task two business days later: every enrollment sends at once. */
export async function launchedSequence(run: EnrollmentRun): Promise<{ id: string; firstStepId: string }> {
  const identity = await api<{ id: string }>(run, 'POST', '/v1/identities', {
    channel: 'email',
    address: 'recruiter@bench.test',
  });
  const sequence = await api<{ id: string }>(run, 'POST', '/v1/sequences', {
    name: 'Enrollment benchmark',
    steps: [
      {
        kind: 'step',
        id: 'intro',
        type: 'automated_email',
        name: 'Intro',
        identityId: identity.id,
        subject: 'A role for you, {{firstName}}',
        body: 'Hi {{firstName}}',
      },
      { kind: 'step', id: 'call', type: 'task', name: 'Call', delay: { amount: 2, unit: 'business_days' } },
    ],
  });
  await api(run, 'POST', `/v1/sequences/${sequence.id}/launch`);
  return { id: sequence.id, firstStepId: 'intro' };
}

export interface EnrolledRecipient {
  enrollmentId: string;
  recipientId: string;
}

/** Enrolls `count` recipients in requests of `chunk` rows; returns the enrollments in row order. */
export async function enrollRecipients(
  run: EnrollmentRun,
  sequenceId: string,
  count: number,
  chunk: number,
  log: (line: string) => void,
): Promise<{ enrolled: EnrolledRecipient[]; rejected: number; seconds: number }> {
  const size = Math.min(chunk, MAX_RECIPIENTS_PER_REQUEST);
  const rows = Array.from({ length: count }, (_, i) => ({
    email: `candidate-${i}@bench.test`,
    firstName: `Candidate ${i}`,
    variables: { source: 'bench' },
  }));
  const started = Date.now();
  const enrolled: EnrolledRecipient[] = [];
  let rejected = 0;
  for (let from = 0; from < count; from += size) {
    const result = await api<{ enrolled: EnrolledRecipient[]; rejected: unknown[] }>(
      run,
      'POST',
      `/v1/sequences/${sequenceId}/enrollments`,
      { recipients: rows.slice(from, from + size) },
    );
    enrolled.push(...result.enrolled);
    rejected += result.rejected.length;
    log(`enrolled ${enrolled.length.toLocaleString()} / ${count.toLocaleString()} in ${elapsed(started)} s`);
  }
  return { enrolled, rejected, seconds: (Date.now() - started) / 1000 };
}

export async function withDatabase<T>(run: EnrollmentRun, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: run.databaseUrl, options: `-c search_path=${run.schema}` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function outboxRows(run: EnrollmentRun): Promise<number> {
  return withDatabase(run, async (client) => {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
    return Number(rows[0].n);
  });
}

/** Waits for the service's outbox relay to publish every pending row; returns the seconds it took. */
export async function outboxDrained(run: EnrollmentRun, log: (line: string) => void): Promise<number> {
  const started = Date.now();
  let lastLog = 0;
  await waitFor(
    'the outbox relay to publish everything',
    async () => {
      const pending = await outboxRows(run);
      if (Date.now() - lastLog > 5_000) {
        log(`  outbox: ${pending.toLocaleString()} rows still to publish`);
        lastLog = Date.now();
      }
      return pending === 0;
    },
    { timeoutMs: 900_000, intervalMs: 500 },
  );
  return (Date.now() - started) / 1000;
}

export function elapsed(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

/**
 * The Postgres backends serving one process: other runs may share the cluster, so only the
 * connections whose client port belongs to that process count.
 */
export async function backendsOf(run: EnrollmentRun, pid: number): Promise<number[]> {
  const server = new URL(run.databaseUrl);
  const sockets = execFileSync('ss', ['-tnpH', 'state', 'established', 'dst', `${server.hostname}:${server.port}`], {
    encoding: 'utf8',
  });
  const ports = sockets
    .split('\n')
    .filter((line) => line.includes(`pid=${pid},`))
    .map((line) => Number(/:(\d+)\s+\S+:\d+/.exec(line)?.[1]))
    .filter((port) => port > 0);
  if (ports.length === 0) return [];
  return withDatabase(run, async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])',
      [ports],
    );
    return rows.map((r) => r.pid);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The Kafka broker's pid, when it runs on this machine. */
export function brokerPid(): number | null {
  const out = execFileSync('bash', ['-c', "pgrep -f 'kafka\\.Kafka' | head -1 || true"], { encoding: 'utf8' }).trim();
  return out ? Number(out) : null;
}

function cpuOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      return sum + cpuSeconds(pid);
    } catch {
      return sum; // a backend that exited in the meantime
    }
  }, 0);
}

/** Busy and total CPU seconds of the whole machine, from /proc/stat. */
function machineCpu(): { busy: number; total: number; iowait: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0) / 100;
  const idle = fields[3] / 100;
  const iowait = fields[4] / 100;
  return { busy: total - idle - iowait, total, iowait };
}

export interface CpuWindow {
  seconds: number;
  /** Cores' worth of CPU each part used on average over the window (1.0 = one core busy). */
  serviceCores: number;
  postgresCores: number;
  brokerCores: number;
  otherCores: number;
  iowaitCores: number;
  machineCores: number;
}

/**
 * CPU used by the enrollment service, its Postgres backends, the broker and everything else on the
 * machine between start() and stop(): what the verdict names when a target is missed.
 */
export class CpuMeter {
  private start = this.sample();
  /** CPU each backend of the service had used when the window opened, or when it was found later. */
  private readonly backends = new Map<number, number>();

  constructor(
    private readonly run: EnrollmentRun,
    private readonly servicePid: number,
    private readonly broker: number | null,
  ) {}

  /** Opens the window; call again to pick up backends the service's pool opened since. */
  async track(): Promise<this> {
    const opening = this.backends.size === 0;
    for (const pid of await backendsOf(this.run, this.servicePid)) {
      // A backend found after the window opened was connected meanwhile: all its CPU is in the window.
      if (!this.backends.has(pid)) this.backends.set(pid, opening ? cpuOf([pid]) : 0);
    }
    if (opening) this.start = this.sample();
    return this;
  }

  read(): CpuWindow {
    const now = this.sample();
    const seconds = (now.at - this.start.at) / 1000;
    const per = (value: number) => Math.round((value / Math.max(seconds, 0.001)) * 100) / 100;
    const service = now.service - this.start.service;
    let postgres = 0;
    for (const [pid, before] of this.backends) postgres += Math.max(0, cpuOf([pid]) - before);
    const broker = now.broker - this.start.broker;
    const busy = now.machine.busy - this.start.machine.busy;
    const machineCores = Math.round((now.machine.total - this.start.machine.total) / Math.max(seconds, 0.001));
    return {
      seconds,
      serviceCores: per(service),
      postgresCores: per(postgres),
      brokerCores: per(broker),
      otherCores: per(Math.max(0, busy - service - postgres - broker)),
      iowaitCores: per(now.machine.iowait - this.start.machine.iowait),
      machineCores,
    };
  }

  private sample() {
    return {
      at: Date.now(),
      service: cpuOf([this.servicePid]),
      broker: this.broker ? cpuOf([this.broker]) : 0,
      machine: machineCpu(),
    };
  }
}

/** Average cores and, in brackets, CPU seconds: the seconds compare runs on a machine others load. */
export function describeCpu(cpu: CpuWindow): string {
  const part = (cores: number) => `${cores} (${(cores * cpu.seconds).toFixed(1)} s)`;
  return (
    `CPU cores used: enrollment ${part(cpu.serviceCores)}, postgres ${part(cpu.postgresCores)}, ` +
    `broker ${part(cpu.brokerCores)}, other processes ${part(cpu.otherCores)}, iowait ${cpu.iowaitCores}; ` +
    `machine has ${cpu.machineCores}`
  );
}

/**
 * Which resource ran out. The service's work is one Node thread, so ~1 core means it is the limit;
 * a machine whose cores are all busy is the limit of whoever shares it, named by the biggest user.
 */
export function resourceVerdict(cpu: CpuWindow): string {
  const busy = cpu.serviceCores + cpu.postgresCores + cpu.brokerCores + cpu.otherCores;
  if (cpu.serviceCores >= 0.85) return `CPU of the enrollment service process (${cpu.serviceCores} of its 1 thread)`;
  if (busy >= cpu.machineCores * 0.9) {
    const parts = {
      'the enrollment service': cpu.serviceCores,
      Postgres: cpu.postgresCores,
      'the broker': cpu.brokerCores,
      'other processes on the machine': cpu.otherCores,
    };
    const [top] = Object.entries(parts).sort((a, b) => b[1] - a[1]);
    return `the machine's ${cpu.machineCores} cores were saturated (${busy.toFixed(2)} busy); the largest user was ${top[0]} (${top[1]})`;
  }
  if (cpu.postgresCores >= 0.85) return `CPU of Postgres (${cpu.postgresCores} cores)`;
  if (cpu.iowaitCores >= 0.3) return `disk I/O (iowait ${cpu.iowaitCores} cores): Postgres WAL/flushes`;
  return 'no single resource was saturated: round trips between the service and Postgres/Kafka (latency-bound)';
}
