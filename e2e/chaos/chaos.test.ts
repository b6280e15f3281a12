/**
 * The chaos test: the outreach workload for CHAOS_RECIPIENTS recipients (default 10,000) while
 * every service is killed with SIGKILL in turn, two at once, the Kafka broker is restarted and
 * Postgres is restarted. Afterwards every recipient is in the right final state, the SMTP sink and
 * the Twilio-speaking server saw each message exactly once, nothing was dead-lettered, and the
 * snapshot equals the ground truth. What each fault did to lateness goes to the log and to
 * .local/chaos/report.json.
 *
 * It runs on a broker and a Postgres cluster of its own (ChaosInfrastructure): restarting them
 * disturbs no other test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Topics } from '@stepwise/contracts';
import {
  ChaosInfrastructure,
  distributionOf,
  dropSchemas,
  OUTREACH_STEPS,
  OutreachSystem,
  OutreachWorkload,
  StepObserver,
  TopicTap,
  uniqueName,
  waitFor,
  type Distribution,
  type ServiceName,
  type SnapshotView,
} from '@stepwise/testing';

const RECIPIENTS = Number(process.env.CHAOS_RECIPIENTS ?? 10_000);
const REPLY_PERCENT = 20;
// Long enough that a reply published while a fault delays everything still lands before the next step is due.
const DELAY_MINUTES = 2;
const SETTLE_BETWEEN_FAULTS_MS = 4_000;
const TENANT = 'chaos';
const API_KEY = 'chaos-api-key-0123456789';
const ROOT = join(__dirname, '..', '..');
const log = (line: string) => console.log(`[chaos] ${line}`);

interface Fault {
  name: string;
  inject: () => Promise<void>;
}

interface FaultReport {
  fault: string;
  seconds: number;
  /** Of the steps due while the fault lasted and in the 10 s after it. */
  latenessMs: Distribution;
}

function faults(system: OutreachSystem, infrastructure: ChaosInfrastructure): Fault[] {
  const crash = (...names: ServiceName[]): Fault => ({
    name: `kill -9 ${names.join(' + ')}`,
    inject: async () => {
      const services = names.map((name) => system.services.service(name));
      await Promise.all(services.map((service) => service.kill()));
      await Promise.all(services.map((service) => service.start()));
    },
  });
  return [
    crash('enrollment'),
    crash('dispatcher'),
    crash('channel-email'),
    crash('channel-sms'),
    crash('channel-social'),
    crash('analytics'),
    crash('dispatcher', 'channel-email'),
    { name: 'restart the Kafka broker', inject: () => infrastructure.restartKafka() },
    { name: 'restart Postgres', inject: () => infrastructure.restartPostgres() },
  ];
}

async function injectAll(
  list: Fault[],
  observer: StepObserver,
): Promise<{ fault: string; from: number; to: number }[]> {
  const windows: { fault: string; from: number; to: number }[] = [];
  for (const fault of list) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_BETWEEN_FAULTS_MS));
    const from = Date.now();
    log(`${fault.name} (sent so far: ${observer.sentCount})`);
    await fault.inject();
    windows.push({ fault: fault.name, from, to: Date.now() });
    log(`${fault.name}: recovered in ${((Date.now() - from) / 1000).toFixed(1)} s`);
  }
  return windows;
}

async function finalStatuses(enrollmentUrl: string, sequenceId: string): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const query = `limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await fetch(`${enrollmentUrl}/v1/sequences/${sequenceId}/enrollments?${query}`, {
      headers: { 'x-api-key': API_KEY },
    });
    if (!response.ok) throw new Error(`listing enrollments answered ${response.status}`);
    const page = (await response.json()) as { items: { id: string; status: string }[]; nextCursor: string | null };
    for (const item of page.items) statuses.set(item.id, item.status);
    cursor = page.nextCursor;
  } while (cursor);
  return statuses;
}

async function snapshotOf(analyticsUrl: string, sequenceId: string): Promise<SnapshotView> {
  const response = await fetch(`${analyticsUrl}/v1/sequences/${sequenceId}/snapshot`, {
    headers: { 'x-api-key': API_KEY },
  });
  if (!response.ok) throw new Error(`snapshot answered ${response.status}`);
  return (await response.json()) as SnapshotView;
}

/**
 * Per step, what the snapshot must say: attempted counts everyone queued for or sent the step (read
 * from the topics: a recipient replying while queued for the next step still counts there);
 * every email and SMS the providers accepted is delivered; the first email is replied by the repliers.
 */
function groundTruth(workload: OutreachWorkload, observer: StepObserver) {
  const stayed = workload.recipients.length - workload.repliers;
  const [intro, sms, followUp] = OUTREACH_STEPS;
  return {
    [intro]: {
      attempted: observer.queuedOrSent(intro),
      delivered: workload.recipients.length,
      replied: workload.repliers,
    },
    [sms]: { attempted: observer.queuedOrSent(sms), delivered: stayed, replied: 0 },
    [followUp]: { attempted: observer.queuedOrSent(followUp), delivered: stayed, replied: 0 },
  };
}

function snapshotFigures(snapshot: SnapshotView) {
  return Object.fromEntries(
    snapshot.steps.map((step) => [
      step.stepId,
      {
        attempted: step.recipientsAttempted,
        delivered: step.metrics.deliveryRate?.count ?? 0,
        replied: step.metrics.repliedRate?.count ?? 0,
      },
    ]),
  );
}

describe('chaos: crashes and restarts during a run', () => {
  const infrastructure = new ChaosInfrastructure({ kafkaPort: 9192, postgresPort: 5434 });
  const run = uniqueName('chaos')
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase();
  let databaseUrl = '';
  let system: OutreachSystem | undefined;
  let observer: StepObserver | undefined;

  afterAll(async () => {
    await observer?.stop().catch(() => undefined);
    await system?.stop();
    if (databaseUrl && system) await dropSchemas(databaseUrl, system.services.schemas).catch(() => undefined);
    await infrastructure.stop();
  });

  it(
    `loses, duplicates and misroutes nothing for ${RECIPIENTS} recipients`,
    async () => {
      await infrastructure.start();
      databaseUrl = await infrastructure.databaseUrl();
      system = await OutreachSystem.start(
        {
          databaseUrl,
          basePort: 3300,
          run,
          tenantId: TENANT,
          apiKey: API_KEY,
          logDir: join(ROOT, '.local', 'chaos', run),
          kafkaBrokers: infrastructure.kafkaBrokers,
        },
        (name) => log(`${name} ready`),
      );
      const watcher = new StepObserver(system.topicPrefix, TENANT, [infrastructure.kafkaBrokers]);
      observer = watcher;
      await watcher.start();
      const enrollmentUrl = system.services.url('enrollment');
      const analyticsUrl = system.services.url('analytics');
      const workload = new OutreachWorkload(RECIPIENTS, REPLY_PERCENT, {
        enrollmentUrl,
        apiKey: API_KEY,
        delayMinutes: DELAY_MINUTES,
        label: run,
        log,
      });
      const sequenceId = await workload.createSequence();
      const byEnrollment = await workload.enrollAll(sequenceId);
      watcher.replyWhenSent(OUTREACH_STEPS[0], (id) => byEnrollment.get(id)?.replies === true);

      // CHAOS_FAULTS=dispatcher,Kafka keeps only the faults whose names contain one of these words.
      const only = process.env.CHAOS_FAULTS?.split(',');
      const chosen = faults(system, infrastructure).filter((f) => !only || only.some((word) => f.name.includes(word)));
      const windows = await injectAll(chosen, watcher);
      await watcher.waitForSteps(workload.expectedSteps, 180_000, log);

      const statuses = await waitFor(
        'every recipient to reach its final state',
        async () => {
          const current = await finalStatuses(enrollmentUrl, sequenceId);
          const settled = [...byEnrollment].every(
            ([id, recipient]) => current.get(id) === (recipient.replies ? 'replied' : 'completed'),
          );
          return settled && current;
        },
        { timeoutMs: 180_000, intervalMs: 2_000 },
      ).catch(async () => finalStatuses(enrollmentUrl, sequenceId));
      const wrongState = [...byEnrollment].filter(
        ([id, recipient]) => statuses.get(id) !== (recipient.replies ? 'replied' : 'completed'),
      );

      // The observer may still be reading the last status changes: the truth is read again each time.
      let truth = groundTruth(workload, watcher);
      const snapshot = await waitFor(
        'the snapshot to equal the ground truth',
        async () => {
          truth = groundTruth(workload, watcher);
          const figures = snapshotFigures(await snapshotOf(analyticsUrl, sequenceId));
          return JSON.stringify(figures) === JSON.stringify(truth) && figures;
        },
        { timeoutMs: 120_000, intervalMs: 2_000 },
      ).catch(async () => snapshotFigures(await snapshotOf(analyticsUrl, sequenceId)));

      const deadLetters = new TopicTap([system.topicPrefix + Topics.deadLetter], [infrastructure.kafkaBrokers]);
      await deadLetters.start();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      await deadLetters.stop();

      const report: FaultReport[] = windows.map(({ fault, from, to }) => {
        // Steps due while the fault lasted, and in the 10 s after it, feel it.
        const lateness = distributionOf(watcher.latenessOfDueBetween(from, to + 10_000));
        return { fault, seconds: Math.round((to - from) / 100) / 10, latenessMs: lateness };
      });
      for (const line of report) log(JSON.stringify(line));
      const checks = workload.checkProviders(system.sink, system.twilio);
      log(`checks: ${JSON.stringify(checks)}, wrong final state: ${wrongState.length}`);
      mkdirSync(join(ROOT, '.local', 'chaos'), { recursive: true });
      writeFileSync(
        join(ROOT, '.local', 'chaos', 'report.json'),
        JSON.stringify({ recipients: RECIPIENTS, checks, faults: report, snapshot, truth }, null, 2),
      );

      expect(checks).toEqual({ messagesAfterReply: 0, duplicateSends: 0, lostSteps: 0 });
      expect(wrongState.slice(0, 5)).toEqual([]);
      expect(snapshot).toEqual(truth);
      expect(deadLetters.messages.map((m) => m.envelope)).toEqual([]);
    },
    40 * 60_000,
  );
});
