/**
 * End-to-end benchmark: `npm run bench`.
 *
 * Starts the six services as their own processes against the local Kafka and the project's own
 * Postgres, with the SMTP sink, the Twilio-speaking server and the LinkedIn simulator in this
 * process (libs/testing OutreachSystem). Runs the outreach workload (an email; an SMS a short
 * delay later; a same-thread email follow-up) for BENCH_RECIPIENTS recipients (default 100,000)
 * enrolled at once; BENCH_REPLY_PERCENT (default 20) reply through the public replies topic as soon
 * as their first email is sent.
 *
 * Prints steps executed per second end to end, each step's lateness against its due time, CPU
 * seconds per 1,000 steps and peak RSS of every service, Postgres rows written per step, and the
 * checks that must all be 0: messages after a reply, duplicate sends, lost steps. Then measures
 * the machine's raw limits with the same dependencies (bench/lib/raw-limits.ts) so the report shows
 * the system as a fraction of them. Writes JSON under .local/bench/ and the markdown table to
 * docs/benchmarks.md.
 *
 * Quick run: BENCH_RECIPIENTS=2000 npm run bench; profile every service: BENCH_CPU_PROF=.local/prof npm run bench
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  distributionOf,
  dropSchemas,
  OUTREACH_STEPS,
  OutreachSystem,
  OutreachWorkload,
  SERVICES,
  StepObserver,
  type Distribution,
  type ProviderChecks,
  type ServiceName,
} from '@stepwise/testing';
import { cpuSeconds, machineDescription, memoryMb, round, writeBenchResult } from './lib/measure';
import { measureRawLimits, type RawLimits } from './lib/raw-limits';
import { verdict, writeSystemReport } from './lib/system-report';

const ROOT = join(__dirname, '..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RECIPIENTS = env('BENCH_RECIPIENTS', 100_000);
const REPLY_PERCENT = env('BENCH_REPLY_PERCENT', 20);
const DELAY_MINUTES = env('BENCH_DELAY_MINUTES', 1);
const STALL_TIMEOUT_MS = env('BENCH_STALL_TIMEOUT_MS', 120_000);
const BASE_PORT = env('BENCH_BASE_PORT', 3200);
/** BENCH_CPU_PROF=<dir>: each service writes a V8 CPU profile under <dir>/<service>/ (read with bench/lib/cpu-profile-top.mjs). */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF || undefined;
const RUN = `bench${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const TENANT = 'bench';
const API_KEY = 'bench-system-key-0123456789';

const log = (line: string) => console.log(`[bench] ${line}`);

export interface SystemResult {
  recipients: number;
  repliers: number;
  stepsExecuted: number;
  seconds: number;
  stepsPerSecond: number;
  enrollSeconds: number;
  latenessMs: Record<string, Distribution>;
  services: Record<ServiceName, { cpuSecondsPer1000Steps: number; peakRssMb: number }>;
  postgresRowsWrittenPerStep: number;
  checks: ProviderChecks;
}

function databaseUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    execFileSync('bash', [join(ROOT, 'scripts', 'postgres.sh'), 'url', 'stepwise'], { encoding: 'utf8' }).trim()
  );
}

/** Rows inserted, updated and deleted in the system's own schemas (other work on the server does not count). */
async function postgresRowsWritten(url: string, schemas: string[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Statistics are flushed lazily; ask for a fresh snapshot of them.
    await client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    const { rows } = await client.query<{ n: string | null }>(
      `SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) AS n FROM pg_stat_user_tables WHERE schemaname = ANY($1)`,
      [schemas],
    );
    return Number(rows[0].n ?? 0);
  } finally {
    await client.end();
  }
}

function pidOf(system: OutreachSystem, name: ServiceName): number {
  const pid = system.services.service(name).pid;
  if (!pid) throw new Error(`${name} is not running`);
  return pid;
}

async function runWorkload(url: string, system: OutreachSystem, observer: StepObserver): Promise<SystemResult> {
  const workload = new OutreachWorkload(RECIPIENTS, REPLY_PERCENT, {
    enrollmentUrl: system.services.url('enrollment'),
    apiKey: API_KEY,
    delayMinutes: DELAY_MINUTES,
    label: RUN,
    log,
  });
  log(
    `${RECIPIENTS.toLocaleString()} recipients, ${REPLY_PERCENT}% replying after the first email, ` +
      `${workload.expectedSteps.toLocaleString()} steps expected`,
  );
  const sequenceId = await workload.createSequence();
  const cpuBefore = new Map(SERVICES.map((s) => [s.name, cpuSeconds(pidOf(system, s.name))]));
  const rowsBefore = await postgresRowsWritten(url, system.services.schemas);

  const started = Date.now();
  const byEnrollment = await workload.enrollAll(sequenceId);
  const enrollSeconds = (Date.now() - started) / 1000;
  observer.replyWhenSent(OUTREACH_STEPS[0], (enrollmentId) => byEnrollment.get(enrollmentId)?.replies === true);
  await observer.waitForSteps(workload.expectedSteps, STALL_TIMEOUT_MS, log);
  // A send after the last expected one would be a duplicate or a message after a reply: give it time to show.
  await new Promise((resolve) => setTimeout(resolve, 5_000));

  const stepsExecuted = observer.sentCount;
  const seconds = (observer.lastSentAt - started) / 1000;
  const rowsWritten = (await postgresRowsWritten(url, system.services.schemas)) - rowsBefore;
  const services = Object.fromEntries(
    SERVICES.map(({ name }) => {
      const cpu = cpuSeconds(pidOf(system, name)) - (cpuBefore.get(name) ?? 0);
      const figures = {
        cpuSecondsPer1000Steps: round((cpu * 1000) / stepsExecuted, 2),
        peakRssMb: memoryMb(pidOf(system, name)).peak,
      };
      return [name, figures];
    }),
  ) as SystemResult['services'];
  return {
    recipients: RECIPIENTS,
    repliers: workload.repliers,
    stepsExecuted,
    seconds: round(seconds),
    stepsPerSecond: round(stepsExecuted / seconds),
    enrollSeconds: round(enrollSeconds),
    latenessMs: Object.fromEntries(OUTREACH_STEPS.map((id) => [id, distributionOf(observer.latenessOf(id))])),
    services,
    postgresRowsWrittenPerStep: round(rowsWritten / stepsExecuted),
    checks: workload.checkProviders(system.sink, system.twilio),
  };
}

function printResult(result: SystemResult): void {
  log(
    `${result.stepsExecuted.toLocaleString()} steps in ${result.seconds} s: ${result.stepsPerSecond} steps/s ` +
      `(enrolling took ${result.enrollSeconds} s)`,
  );
  for (const [step, d] of Object.entries(result.latenessMs)) {
    log(`lateness of ${step}: p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms (${d.count})`);
  }
  for (const [name, figures] of Object.entries(result.services)) {
    log(`${name}: ${figures.cpuSecondsPer1000Steps} CPU s per 1,000 steps, peak RSS ${figures.peakRssMb} MB`);
  }
  log(`Postgres rows written per step: ${result.postgresRowsWrittenPerStep}`);
  const { messagesAfterReply, duplicateSends, lostSteps } = result.checks;
  log(
    `checks (must be 0): messages after a reply ${messagesAfterReply}, duplicates ${duplicateSends}, lost ${lostSteps}`,
  );
}

function writeResult(result: SystemResult, raw: RawLimits): void {
  const machine = machineDescription();
  const file = writeBenchResult(`system-${RUN}`, { run: RUN, machine, result, raw });
  writeSystemReport(join(ROOT, 'docs', 'benchmarks.md'), { machine, result, raw });
  log(verdict(result, raw, Number(machine.cores)));
  log(`result written to ${file} and docs/benchmarks.md`);
}

async function main(): Promise<void> {
  const url = databaseUrl();
  const system = await OutreachSystem.start(
    {
      databaseUrl: url,
      basePort: BASE_PORT,
      run: RUN,
      tenantId: TENANT,
      apiKey: API_KEY,
      logDir: join(ROOT, '.local', 'bench', 'logs', RUN),
      cpuProfileDir: CPU_PROF_DIR,
    },
    (name) => log(`${name} ready`),
  );
  const observer = new StepObserver(system.topicPrefix, TENANT);
  try {
    await observer.start();
    const result = await runWorkload(url, system, observer);
    printResult(result);
    await observer.stop();
    await system.services.stop();
    log('measuring the raw limits of Kafka, Postgres and SMTP on this machine');
    const raw = await measureRawLimits({
      databaseUrl: url,
      smtpPort: system.sink.smtpPort,
      messages: result.stepsExecuted,
      log,
    });
    writeResult(result, raw);
    const { messagesAfterReply, duplicateSends, lostSteps } = result.checks;
    if (messagesAfterReply + duplicateSends + lostSteps > 0) process.exitCode = 1;
  } finally {
    await observer.stop();
    await system.stop();
    if (!process.env.BENCH_KEEP_SCHEMAS) await dropSchemas(url, system.services.schemas);
  }
}

main().catch((error: unknown) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
