/**
 * Inbound mail classification benchmark: `npm run bench:inbound`.
 *
 * Runs channel-email's own corpus (apps/channel-email/test/corpus: real mails from public
 * projects' test fixtures, plus a few marked synthetic; sources and licences in its manifest.json)
 * through the classifier every inbound source uses (parse + classify, as inbound SMTP does), and
 * prints the accuracy per class, the confusion matrix, how many automatic mails were read as a
 * person's reply and the reverse, bounces with the right hard/soft and reason, complaints
 * recognised, return dates right, and mails classified per second over BENCH_ROUNDS passes
 * (default 20). Checks the targets of DESIGN: 0 automatic mails read as replies and the reverse,
 * at least 95% of bounces with the right hard/soft, at least 95% of complaints recognised.
 * Writes the result as JSON under .local/bench/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { classifyInbound } from '../apps/channel-email/src/inbound/classify-inbound';
import {
  CORPUS_DIR,
  classifyCorpus,
  readManifest,
  scoreCorpus,
} from '../apps/channel-email/src/inbound/inbound-corpus';
import { INBOUND_CLASSES } from '../apps/channel-email/src/inbound/inbound-class';
import { readInboundMail } from '../apps/channel-email/src/inbound/inbound-mail';
import { machineDescription, round, writeBenchResult } from './lib/measure';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

function pct(right: number, total: number): string {
  return total === 0 ? '   -  ' : `${((100 * right) / total).toFixed(1).padStart(5)}%`;
}

async function main(): Promise<void> {
  const manifest = await readManifest();
  const results = await classifyCorpus(manifest);
  const score = scoreCorpus(results);

  console.log(`corpus: ${score.mails} mails (${score.real} real from public projects, ${score.synthetic} synthetic)\n`);
  console.log('accuracy per class (expected class → read as the same class)');
  for (const c of INBOUND_CLASSES) {
    const { expected, right } = score.perClass[c];
    if (expected > 0)
      console.log(
        `  ${c.padEnd(16)} ${String(right).padStart(4)}/${String(expected).padEnd(4)} ${pct(right, expected)}`,
      );
  }
  const short = INBOUND_CLASSES.map((c) => c.slice(0, 8));
  console.log('\nconfusion matrix (rows: expected, columns: read as)');
  console.log(`  ${''.padEnd(16)}${short.map((s) => s.padStart(9)).join('')}`);
  for (const c of INBOUND_CLASSES) {
    if (score.perClass[c].expected === 0) continue;
    console.log(`  ${c.padEnd(16)}${INBOUND_CLASSES.map((a) => String(score.confusion[c][a]).padStart(9)).join('')}`);
  }
  console.log(`\nautomatic mails read as a person's reply: ${score.automatedAsHuman.length}`);
  for (const f of score.automatedAsHuman) console.log(`  ${f}`);
  console.log(`person's replies read as automatic mail:  ${score.humanAsAutomated.length}`);
  for (const f of score.humanAsAutomated) console.log(`  ${f}`);
  const b = score.bounces;
  console.log(
    `bounces with the right hard/soft:          ${b.hardSoftRight}/${b.total} ${pct(b.hardSoftRight, b.total)}`,
  );
  for (const w of b.wrong) console.log(`  ${w}`);
  console.log(`bounces with the expected reason:          ${b.reasonRight}/${b.total} ${pct(b.reasonRight, b.total)}`);
  const c = score.complaints;
  console.log(`complaints recognised:                     ${c.recognised}/${c.total} ${pct(c.recognised, c.total)}`);
  const d = score.returnDates;
  console.log(`out-of-office return dates right:          ${d.right}/${d.total} ${pct(d.right, d.total)}`);

  // Speed: parse + classify from the raw bytes, as the inbound SMTP server does, files read once beforehand.
  const raws = await Promise.all(manifest.mails.map((m) => readFile(join(CORPUS_DIR, m.file))));
  const receivedAt = new Date(manifest.receivedAt);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < ROUNDS; round++) {
    for (const raw of raws)
      classifyInbound(await readInboundMail(raw, { recipients: ['rita@acme.example'], receivedAt }));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const mailsPerSecond = (ROUNDS * raws.length) / seconds;
  const cpuMsPerMail = (cpu.user + cpu.system) / 1000 / (ROUNDS * raws.length);
  console.log(
    `\nspeed: ${round(mailsPerSecond, 0)} mails/s on one core (parse + classify, ${ROUNDS} passes of ${raws.length} mails, ${round(cpuMsPerMail, 2)} ms CPU per mail); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  const targets = {
    noAutomatedAsHuman: score.automatedAsHuman.length === 0,
    noHumanAsAutomated: score.humanAsAutomated.length === 0,
    bounceHardSoft95: b.total > 0 && b.hardSoftRight / b.total >= 0.95,
    complaints95: c.total > 0 && c.recognised / c.total >= 0.95,
  };
  const met = Object.values(targets).every(Boolean);
  console.log(
    `targets: ${
      met
        ? 'all met'
        : `missed: ${Object.entries(targets)
            .filter(([, ok]) => !ok)
            .map(([k]) => k)
            .join(', ')}`
    }`,
  );
  const file = writeBenchResult('inbound', {
    machine: machineDescription(),
    corpus: { mails: score.mails, real: score.real, synthetic: score.synthetic },
    perClass: score.perClass,
    confusion: score.confusion,
    automatedAsHuman: score.automatedAsHuman,
    humanAsAutomated: score.humanAsAutomated,
    bounces: b,
    complaints: c,
    returnDates: d,
    mailsPerSecond: round(mailsPerSecond, 0),
    cpuMsPerMail: round(cpuMsPerMail, 3),
    targets,
  });
  console.log(`result: ${file}`);
  if (!met) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
