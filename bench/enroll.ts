/**
 * Bulk enrollment benchmark: `npm run bench:enroll`.
 *
 * Starts only the enrollment service, as its own process, against the project's Postgres
 * (`bash scripts/postgres.sh url`, autovacuum on) and the local Kafka, in a schema and topic prefix
 * of its own. Creates and launches a three-step sequence, then enrolls BENCH_RECIPIENTS recipients
 * (default 100,000) in requests of at most MAX_RECIPIENTS_PER_REQUEST rows (BENCH_CHUNK to split
 * further). Prints progress, the total time and rows/s of the enrollment requests, how long the
 * outbox relay then takes to publish every timer and event, and the service's peak RSS (VmHWM).
 * Writes the result as JSON under .local/bench/.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ServiceProcess, dropSchemas, waitFor } from '@stepwise/testing';
import { MAX_RECIPIENTS_PER_REQUEST } from '../apps/enrollment/src/enrollment/dto/enroll-recipients.dto';

const ROOT = join(__dirname, '..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RECIPIENTS = env('BENCH_RECIPIENTS', 100_000);
const CHUNK = Math.min(env('BENCH_CHUNK', MAX_RECIPIENTS_PER_REQUEST), MAX_RECIPIENTS_PER_REQUEST);
const PORT = env('BENCH_PORT', 3941);
const RUN = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const SCHEMA = `bench_enroll_${RUN}`;
const API_KEY = 'bench-key-0123456789abcdef';

function log(message: string): void {
  console.log(`[bench:enroll] ${message}`);
}

function databaseUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    execFileSync('bash', [join(ROOT, 'scripts', 'postgres.sh'), 'url', 'stepwise'], { encoding: 'utf8' }).trim()
  );
}

/** The pid listening on the service's port: ServiceProcess keeps its child to itself. */
function listeningPid(port: number): number | null {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  return pid ? Number(pid) : null;
}

/** Resident memory now and at its peak, from the kernel: a sample can miss a short peak, VmHWM cannot. */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${PORT}${path}`, {
    method,
    headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

async function outboxRows(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${SCHEMA}".outbox`);
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const url = databaseUrl();
  log(`${RECIPIENTS.toLocaleString()} recipients in requests of ${CHUNK.toLocaleString()}; schema ${SCHEMA}`);
  const service = await new ServiceProcess({
    name: `bench-enrollment-${RUN}`,
    entry: 'apps/enrollment/src/main.ts',
    port: PORT,
    env: {
      DATABASE_URL: url,
      DATABASE_SCHEMA: SCHEMA,
      KAFKA_TOPIC_PREFIX: `bench.enroll.${RUN}.`,
      STEPWISE_API_KEYS: `bench:${API_KEY}`,
      LOG_LEVEL: 'warn',
    },
  }).start();
  try {
    const pid = listeningPid(PORT);
    if (!pid) throw new Error(`no process listens on port ${PORT}`);
    log(`enrollment service pid ${pid}, ${memoryMb(pid).rss} MB resident after start (log: ${service.logFile})`);

    const identity = await api<{ id: string }>('POST', '/v1/identities', {
      channel: 'email',
      address: 'recruiter@bench.test',
    });
    const sequence = await api<{ id: string }>('POST', '/v1/sequences', {
      name: 'Bulk enrollment benchmark',
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
    await api('POST', `/v1/sequences/${sequence.id}/launch`);

    const rows = Array.from({ length: RECIPIENTS }, (_, i) => ({
      email: `candidate-${i}@bench.test`,
      firstName: `Candidate ${i}`,
      variables: { source: 'bench' },
    }));
    const started = Date.now();
    const ticker = setInterval(() => {
      const { rss } = memoryMb(pid);
      log(`  ... ${((Date.now() - started) / 1000).toFixed(0)} s, service RSS ${rss} MB`);
    }, 2000);
    let enrolled = 0;
    let rejected = 0;
    try {
      for (let from = 0; from < RECIPIENTS; from += CHUNK) {
        const chunk = rows.slice(from, from + CHUNK);
        const result = await api<{ enrolled: unknown[]; rejected: unknown[] }>(
          'POST',
          `/v1/sequences/${sequence.id}/enrollments`,
          { recipients: chunk },
        );
        enrolled += result.enrolled.length;
        rejected += result.rejected.length;
        const seconds = (Date.now() - started) / 1000;
        log(`enrolled ${enrolled.toLocaleString()} / ${RECIPIENTS.toLocaleString()} in ${seconds.toFixed(1)} s`);
      }
    } finally {
      clearInterval(ticker);
    }
    const enrollSeconds = (Date.now() - started) / 1000;
    const afterEnroll = memoryMb(pid);

    // The enrollment committed its timers and events to the outbox; the relay publishes them next.
    const relayStarted = Date.now();
    const pendingAtCommit = await outboxRows(url);
    await waitFor('the outbox relay to publish everything', async () => (await outboxRows(url)) === 0, {
      timeoutMs: 600_000,
      intervalMs: 500,
    });
    const relaySeconds = (Date.now() - relayStarted) / 1000;
    const peak = memoryMb(pid).peak;

    const result = {
      recipients: RECIPIENTS,
      requestRows: CHUNK,
      enrolled,
      rejected,
      enrollSeconds: Number(enrollSeconds.toFixed(2)),
      rowsPerSecond: Math.round(enrolled / enrollSeconds),
      peakRssMbDuringEnroll: afterEnroll.peak,
      outboxRowsAtCommit: pendingAtCommit,
      relaySeconds: Number(relaySeconds.toFixed(2)),
      peakRssMb: peak,
      target: 'bulk enroll of 100k recipients < 10 s (docs: DESIGN.md)',
    };
    log(
      `${enrolled.toLocaleString()} enrolled (${rejected} rejected) in ${enrollSeconds.toFixed(2)} s: ` +
        `${result.rowsPerSecond.toLocaleString()} rows/s; service peak RSS ${afterEnroll.peak} MB`,
    );
    log(`outbox relay published ${pendingAtCommit.toLocaleString()} messages in ${relaySeconds.toFixed(1)} s more`);
    log(`peak RSS of the enrollment service over the whole run: ${peak} MB`);
    const dir = join(ROOT, '.local', 'bench');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `enroll-${RUN}.json`), JSON.stringify(result, null, 2));
  } finally {
    await service.stop();
    await dropSchemas(url, [SCHEMA]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
