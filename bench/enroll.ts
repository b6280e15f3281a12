/**
 * Bulk enrollment benchmark: `npm run bench:enroll`.
 *
 * Starts only the enrollment service, as its own process, against the project's Postgres
 * (`bash scripts/postgres.sh url`, autovacuum on) and the local Kafka, in a schema and topic prefix
 * of its own. Creates and launches a two-step sequence, then enrolls BENCH_RECIPIENTS recipients
 * (default 100,000) in requests of at most MAX_RECIPIENTS_PER_REQUEST rows (BENCH_CHUNK to split
 * further). Prints progress, the total time and rows/s of the enrollment requests, the CPU the
 * service, Postgres, the broker and the rest of the machine used meanwhile, and, when the target
 * is missed, which of them ran out. Then how long the outbox relay takes to publish every timer
 * and event (skipped with BENCH_SKIP_RELAY=1), and the service's peak RSS (VmHWM). Writes the result as JSON under .local/bench/.
 */
import { loadavg } from 'node:os';
import { dropSchemas } from '@stepwise/testing';
import { MAX_RECIPIENTS_PER_REQUEST } from '../apps/enrollment/src/enrollment/dto/enroll-recipients.dto';
import {
  CpuMeter,
  brokerPid,
  describeCpu,
  enrollRecipients,
  launchedSequence,
  newRun,
  outboxDrained,
  outboxRows,
  resourceVerdict,
  startEnrollmentService,
} from './lib/enrollment-harness';
import { memoryMb, writeBenchResult } from './lib/measure';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RECIPIENTS = env('BENCH_RECIPIENTS', 100_000);
const CHUNK = Math.min(env('BENCH_CHUNK', MAX_RECIPIENTS_PER_REQUEST), MAX_RECIPIENTS_PER_REQUEST);
const TARGET_SECONDS = 10 * (RECIPIENTS / 100_000);

function log(message: string): void {
  console.log(`[bench:enroll] ${message}`);
}

async function main(): Promise<void> {
  const run = await newRun('enroll');
  log(`${RECIPIENTS.toLocaleString()} recipients in requests of ${CHUNK.toLocaleString()}; schema ${run.schema}`);
  log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const service = await startEnrollmentService(run);
  try {
    const pid = service.pid;
    if (!pid) throw new Error('the enrollment service has no pid');
    log(`enrollment service pid ${pid}, ${memoryMb(pid).rss} MB resident after start (log: ${service.logFile})`);
    const sequence = await launchedSequence(run);

    const cpu = await new CpuMeter(run, pid, brokerPid()).track();
    const ticker = setInterval(() => {
      const window = cpu.read();
      log(`  ... ${window.seconds.toFixed(0)} s, service RSS ${memoryMb(pid).rss} MB; ${describeCpu(window)}`);
      // The pool opens connections as the request needs them.
      cpu.track().catch(() => undefined);
    }, 2000);
    let enrollment;
    try {
      enrollment = await enrollRecipients(run, sequence.id, RECIPIENTS, CHUNK, log);
    } finally {
      clearInterval(ticker);
    }
    const used = cpu.read();
    const afterEnroll = memoryMb(pid);
    const enrolled = enrollment.enrolled.length;
    const rowsPerSecond = Math.round(enrolled / enrollment.seconds);
    const met = enrollment.seconds < TARGET_SECONDS;
    log(
      `${enrolled.toLocaleString()} enrolled (${enrollment.rejected} rejected) in ${enrollment.seconds.toFixed(2)} s: ` +
        `${rowsPerSecond.toLocaleString()} rows/s; service peak RSS ${afterEnroll.peak} MB`,
    );
    log(`during the requests: ${describeCpu(used)}`);
    log(
      met
        ? `target met: < ${TARGET_SECONDS} s`
        : `target missed (< ${TARGET_SECONDS} s); resource that ran out: ${resourceVerdict(used)}`,
    );

    // The enrollment committed its timers and events to the outbox; the relay publishes them next.
    const pendingAtCommit = await outboxRows(run);
    const relaySeconds = process.env.BENCH_SKIP_RELAY ? Number.NaN : await outboxDrained(run, log);
    const peak = memoryMb(pid).peak;
    log(`outbox relay published ${pendingAtCommit.toLocaleString()} messages in ${relaySeconds.toFixed(1)} s more`);
    log(`peak RSS of the enrollment service over the whole run: ${peak} MB`);

    const result = {
      recipients: RECIPIENTS,
      requestRows: CHUNK,
      enrolled,
      rejected: enrollment.rejected,
      enrollSeconds: Number(enrollment.seconds.toFixed(2)),
      rowsPerSecond,
      cpuDuringEnroll: used,
      verdict: met ? 'target met' : resourceVerdict(used),
      peakRssMbDuringEnroll: afterEnroll.peak,
      outboxRowsAtCommit: pendingAtCommit,
      relaySeconds: Number(relaySeconds.toFixed(2)),
      peakRssMb: peak,
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
      target: 'bulk enroll of 100k recipients < 10 s (docs: DESIGN.md)',
    };
    writeBenchResult(`enroll-${run.id}`, result);
  } finally {
    await service.stop();
    await dropSchemas(run.databaseUrl, [run.schema]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
