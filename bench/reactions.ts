/**
 * Outcome reactions benchmark: `npm run bench:reactions`.
 *
 * Starts the enrollment service as its own process against the project's Postgres and the local
 * Kafka, in a schema, topic prefix and consumer groups of its own; launches an email-then-task
 * sequence and enrolls BENCH_RECIPIENTS recipients (default 50,000), waiting for the outbox to
 * drain. Then stops the service and puts four channel outcomes per recipient on the email
 * outcomes topic, in the order a channel reports them: sent (advances to the task: new state,
 * timer, events), delivered (changes nothing), opened (records a fact), replied (stops the
 * sequence: new state, timer cancelled, events). Restarts the service and measures, end to end,
 * how fast it applies them: events handled, state rows changed and outbox rows written per second
 * from the first handled event to the last, then checks every recipient ended Replied with the
 * facts recorded. Prints progress, the figures, the CPU the service, Postgres, the broker and the
 * rest of the machine used, and which of them ran out when the target is missed.
 * Writes the result as JSON under .local/bench/.
 */
import { loadavg } from 'node:os';
import { writeBenchResult } from './lib/measure';
import { Kafka, logLevel } from 'kafkajs';
import { Topics, createEnvelope, stepOutcomeSchema, type OutcomeKind } from '@stepwise/contracts';
import { envelopeToRecord } from '@stepwise/kafka';
import { dropSchemas, waitFor } from '@stepwise/testing';
import {
  CpuMeter,
  brokerPid,
  describeCpu,
  elapsed,
  enrollRecipients,
  launchedSequence,
  newRun,
  outboxDrained,
  resourceVerdict,
  startEnrollmentService,
  withDatabase,
  type EnrollmentRun,
  type EnrolledRecipient,
} from './lib/enrollment-harness';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 50_000);
const TARGET_PER_SECOND = 30_000;
/** The outcomes each recipient gets, in order, and whether each changes the recipient's row. */
const OUTCOMES: { outcome: OutcomeKind; changesState: boolean }[] = [
  { outcome: 'sent', changesState: true },
  { outcome: 'delivered', changesState: false },
  { outcome: 'opened', changesState: true },
  { outcome: 'replied', changesState: true },
];
const PRODUCE_BATCH = 5_000;

function log(message: string): void {
  console.log(`[bench:reactions] ${message}`);
}

interface TableCounters {
  handled: number;
  enrollmentUpdates: number;
  outboxInserts: number;
  timelineInserts: number;
}

/** Rows written so far, from Postgres's own statistics (flushed by each backend within a second). */
async function counters(run: EnrollmentRun): Promise<TableCounters> {
  return withDatabase(run, async (client) => {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ relname: string; n_tup_ins: string; n_tup_upd: string }>(
      `SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_user_tables WHERE schemaname = $1`,
      [run.schema],
    );
    const stat = (table: string, column: 'n_tup_ins' | 'n_tup_upd') =>
      Number(rows.find((r) => r.relname === table)?.[column] ?? 0);
    const handled = await client.query<{ n: string }>('SELECT count(*) AS n FROM handled_event');
    return {
      handled: Number(handled.rows[0].n),
      enrollmentUpdates: stat('enrollment', 'n_tup_upd'),
      outboxInserts: stat('outbox', 'n_tup_ins'),
      timelineInserts: stat('enrollment_transition', 'n_tup_ins'),
    };
  });
}

/** Puts every outcome on the topic, one outcome kind after the other so each recipient's stay in order. */
async function produceOutcomes(run: EnrollmentRun, sequenceId: string, enrolled: EnrolledRecipient[]): Promise<void> {
  const kafka = new Kafka({
    clientId: `bench-reactions-${run.id}`,
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const topic = `${run.topicPrefix}${Topics.emailOutcomes}`;
  const started = Date.now();
  let produced = 0;
  try {
    for (const { outcome } of OUTCOMES) {
      for (let from = 0; from < enrolled.length; from += PRODUCE_BATCH) {
        const messages = enrolled.slice(from, from + PRODUCE_BATCH).map(({ enrollmentId }) => {
          const envelope = createEnvelope(stepOutcomeSchema, {
            tenantId: 'bench',
            key: enrollmentId,
            payload: {
              step: { enrollmentId, sequenceId, stepId: 'intro', attempt: 1 },
              channel: 'email',
              outcome,
              providerMessageId: `<${enrollmentId}@bench.test>`,
            },
          });
          const { key, value, headers } = envelopeToRecord({ topic, envelope });
          return { key, value, headers };
        });
        await producer.send({ topic, acks: -1, messages });
        produced += messages.length;
      }
      log(`  produced ${produced.toLocaleString()} outcomes (${outcome} done) in ${elapsed(started)} s`);
    }
  } finally {
    await producer.disconnect();
  }
}

async function finalStates(run: EnrollmentRun): Promise<{ replied: number; withFacts: number }> {
  return withDatabase(run, async (client) => {
    const { rows } = await client.query<{ replied: string; with_facts: string }>(
      `SELECT count(*) FILTER (WHERE status = 'replied') AS replied,
              count(*) FILTER (WHERE (facts->'intro'->>'opened')::boolean AND (facts->'intro'->>'replied')::boolean)
                AS with_facts
         FROM enrollment`,
    );
    return { replied: Number(rows[0].replied), withFacts: Number(rows[0].with_facts) };
  });
}

async function main(): Promise<void> {
  const run = await newRun('reactions');
  const events = RECIPIENTS * OUTCOMES.length;
  const reactions = RECIPIENTS * OUTCOMES.filter((o) => o.changesState).length;
  log(`${RECIPIENTS.toLocaleString()} recipients, ${events.toLocaleString()} outcomes; schema ${run.schema}`);
  log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  let service = await startEnrollmentService(run);
  try {
    const sequence = await launchedSequence(run);
    const { enrolled } = await enrollRecipients(run, sequence.id, RECIPIENTS, RECIPIENTS, log);
    log(`outbox of the enrollment published after ${(await outboxDrained(run, log)).toFixed(1)} s`);
    // Outcomes wait on the topic while the service is down, so the run measures only their handling.
    await service.stop();
    await produceOutcomes(run, sequence.id, enrolled);
    const before = await counters(run);

    service = await startEnrollmentService(run);
    const pid = service.pid;
    if (!pid) throw new Error('the enrollment service has no pid');
    log(`enrollment service restarted, pid ${pid}; waiting for the first handled outcome`);
    await waitFor('the first outcome to be handled', async () => (await counters(run)).handled > before.handled, {
      timeoutMs: 120_000,
      intervalMs: 50,
    });
    const cpu = await new CpuMeter(run, pid, brokerPid()).track();
    const started = Date.now();
    let last = before;
    await waitFor(
      'every outcome to be handled',
      async () => {
        const now = await counters(run);
        await cpu.track();
        const window = cpu.read();
        log(
          `  ${elapsed(started)} s: ${(now.handled - before.handled).toLocaleString()} / ${events.toLocaleString()} ` +
            `handled (${Math.round((now.handled - last.handled) / 2).toLocaleString()}/s now); ${describeCpu(window)}`,
        );
        last = now;
        return now.handled - before.handled >= events;
      },
      { timeoutMs: 900_000, intervalMs: 2_000 },
    );
    const seconds = (Date.now() - started) / 1000;
    const used = cpu.read();
    // Each backend flushes its table statistics within a second of committing.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = await counters(run);
    const states = await finalStates(run);
    const stateRowsChanged = after.enrollmentUpdates - before.enrollmentUpdates;
    const outboxRowsWritten = after.outboxInserts - before.outboxInserts;
    const reactionsPerSecond = Math.round(reactions / seconds);
    const met = reactionsPerSecond >= TARGET_PER_SECOND;
    log(
      `${events.toLocaleString()} outcomes handled in ${seconds.toFixed(2)} s: ` +
        `${Math.round(events / seconds).toLocaleString()} events/s, ${reactionsPerSecond.toLocaleString()} applied reactions/s`,
    );
    log(
      `${stateRowsChanged.toLocaleString()} state rows changed, ${outboxRowsWritten.toLocaleString()} outbox rows and ` +
        `${(after.timelineInserts - before.timelineInserts).toLocaleString()} timeline rows written ` +
        `(${Math.round(outboxRowsWritten / seconds).toLocaleString()} outbox rows/s)`,
    );
    log(
      `${states.replied.toLocaleString()} / ${RECIPIENTS.toLocaleString()} recipients Replied with opened+replied facts: ${states.withFacts.toLocaleString()}`,
    );
    log(`during the run: ${describeCpu(used)}`);
    log(
      met
        ? `target met: >= ${TARGET_PER_SECOND.toLocaleString()} reactions/s`
        : `target missed (>= ${TARGET_PER_SECOND.toLocaleString()}/s); resource that ran out: ${resourceVerdict(used)}`,
    );
    const relaySeconds = process.env.BENCH_SKIP_RELAY ? Number.NaN : await outboxDrained(run, log);
    if (!Number.isNaN(relaySeconds)) log(`outbox relay caught up ${relaySeconds.toFixed(1)} s after the last reaction`);
    if (states.replied !== RECIPIENTS || states.withFacts !== RECIPIENTS) {
      throw new Error('some outcomes were not applied: the figures above do not count');
    }

    const result = {
      recipients: RECIPIENTS,
      outcomes: events,
      appliedReactions: reactions,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(events / seconds),
      reactionsPerSecond,
      stateRowsChanged,
      outboxRowsWritten,
      outboxRowsPerSecond: Math.round(outboxRowsWritten / seconds),
      relayCatchUpSeconds: relaySeconds,
      cpu: used,
      verdict: met ? 'target met' : resourceVerdict(used),
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
      target: '>= 30k outcome reactions/s applied (docs: DESIGN.md)',
    };
    writeBenchResult(`reactions-${run.id}`, result);
  } finally {
    await service.stop();
    await dropSchemas(run.databaseUrl, [run.schema]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
