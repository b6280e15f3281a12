import { writeFileSync } from 'node:fs';
import type { SystemResult } from '../system';
import { round } from './measure';
import type { RawLimits } from './raw-limits';

export interface SystemReport {
  machine: Record<string, string | number>;
  result: SystemResult;
  raw: RawLimits;
}

const percentOf = (part: number, whole: number) => `${round((100 * part) / whole)}%`;

/** docs/benchmarks.md: the latest end-to-end run, as a table a reader can compare with DESIGN.md's targets. */
export function writeSystemReport(path: string, { machine, result, raw }: SystemReport): void {
  const lines = [
    ...reportLines({ machine, result, raw }),
    '## What ran out',
    '',
    verdict(result, raw, Number(machine.cores)),
    '',
  ];
  writeFileSync(path, lines.join('\n'));
}

/**
 * The targets (DESIGN.md: end-to-end steps/s at least half the raw limits, step lateness p99 under
 * 1 s) and, when missed, the resource that ran out: the services' own CPU per step bounds the rate
 * on this many cores before Postgres and the broker take their share.
 */
export function verdict(result: SystemResult, raw: RawLimits, cores: number): string {
  const cpuPerStep = Object.values(result.services).reduce((sum, s) => sum + s.cpuSecondsPer1000Steps, 0) / 1000;
  const ceiling = Math.round(cores / cpuPerStep);
  const slowestRaw = Math.min(raw.kafkaMessagesPerSecond, raw.postgresRowUpdatesPerSecond, raw.smtpMessagesPerSecond);
  const worstP99 = Math.max(...Object.values(result.latenessMs).map((d) => d.p99));
  const rateMet = result.stepsPerSecond >= slowestRaw / 2;
  const latenessMet = worstP99 < 1000;
  if (rateMet && latenessMet) return 'Both targets met.';
  return (
    `Targets: steps/s >= 50% of the slowest raw limit (${slowestRaw}/s) — ${rateMet ? 'met' : 'missed'}; ` +
    `lateness p99 < 1 s — ${latenessMet ? 'met' : `missed (${worstP99} ms)`}. The six services used ` +
    `${round(cpuPerStep * 1000, 2)} CPU s per 1,000 steps, so ${cores} cores run at most ~${ceiling} steps/s ` +
    'before Postgres and Kafka take their share: CPU ran out. Recipients enrolled at once faster than that ' +
    'wait their turn, which is the lateness above.'
  );
}

function reportLines({ machine, result, raw }: SystemReport): string[] {
  return [
    '# Benchmarks',
    '',
    `Latest \`npm run bench\` (end to end), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    `${result.recipients.toLocaleString()} recipients enrolled at once into a three-step sequence (email; SMS; ` +
      `same-thread email), ${result.repliers.toLocaleString()} of them replying through the public replies topic ` +
      'after the first email.',
    '',
    '## Machine',
    '',
    ...Object.entries({ ...machine, postgres: raw.postgresVersion, kafka: '4.4.0 (KRaft, one broker)' }).map(
      ([name, value]) => `- ${name}: ${value}`,
    ),
    '',
    '## Throughput',
    '',
    '| measure | value | system as a fraction |',
    '| --- | --- | --- |',
    `| end-to-end steps/s | ${result.stepsPerSecond} | |`,
    `| raw kafkajs produce+consume msg/s | ${raw.kafkaMessagesPerSecond} | ${percentOf(result.stepsPerSecond, raw.kafkaMessagesPerSecond)} |`,
    `| raw Postgres batched row updates/s | ${raw.postgresRowUpdatesPerSecond} | ${percentOf(result.stepsPerSecond, raw.postgresRowUpdatesPerSecond)} |`,
    `| raw nodemailer → SMTP sink msg/s | ${raw.smtpMessagesPerSecond} | ${percentOf(result.stepsPerSecond, raw.smtpMessagesPerSecond)} |`,
    `| bulk enroll of every recipient | ${result.enrollSeconds} s | |`,
    `| Postgres rows written per step | ${result.postgresRowsWrittenPerStep} | |`,
    '',
    '## Lateness against the due time (ms)',
    '',
    '| step | count | p50 | p99 | max |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(result.latenessMs).map(
      ([step, d]) => `| ${step} | ${d.count} | ${d.p50} | ${d.p99} | ${d.max} |`,
    ),
    '',
    '## Services',
    '',
    '| service | CPU s per 1,000 steps | peak RSS MB |',
    '| --- | --- | --- |',
    ...Object.entries(result.services).map(([name, s]) => `| ${name} | ${s.cpuSecondsPer1000Steps} | ${s.peakRssMb} |`),
    '',
    '## Checks (must be 0)',
    '',
    `- messages after a reply: ${result.checks.messagesAfterReply}`,
    `- duplicate sends: ${result.checks.duplicateSends}`,
    `- lost steps: ${result.checks.lostSteps}`,
    '',
  ];
}
