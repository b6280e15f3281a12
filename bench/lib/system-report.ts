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
  writeFileSync(path, lines.join('\n'));
}
