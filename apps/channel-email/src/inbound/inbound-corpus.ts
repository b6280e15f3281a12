import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyInbound, type InboundVerdict } from './classify-inbound';
import { INBOUND_CLASSES, type InboundClass } from './inbound-class';
import { readInboundMail } from './inbound-mail';

/** apps/channel-email/test/corpus: real fixtures of public projects plus a few marked synthetic. */
export const CORPUS_DIR = join(__dirname, '..', '..', 'test', 'corpus');

export interface CorpusEntry {
  file: string;
  synthetic: boolean;
  source?: Record<string, string>;
  expected: {
    class: InboundClass;
    reason?: string;
    bounce?: 'hard' | 'soft';
    outOfOfficeUntil?: string;
    /** How many complaints the report carries, when more than one. */
    complaints?: number;
  };
  note?: string;
}

export interface CorpusManifest {
  receivedAt: string;
  mails: CorpusEntry[];
}

export interface CorpusResult {
  entry: CorpusEntry;
  verdict: InboundVerdict;
}

export interface CorpusScore {
  mails: number;
  real: number;
  synthetic: number;
  perClass: Record<InboundClass, { expected: number; right: number }>;
  /** confusion[expected][actual] */
  confusion: Record<InboundClass, Record<InboundClass, number>>;
  /** Bounces, complaints, auto-replies and notices taken for a person's reply: they would stop a sequence. */
  automatedAsHuman: string[];
  /** A person's reply taken for automatic mail: the recruiter would never see it. */
  humanAsAutomated: string[];
  bounces: { total: number; hardSoftRight: number; reasonRight: number; wrong: string[] };
  complaints: { total: number; recognised: number; wrong: string[] };
  returnDates: { total: number; right: number; wrong: string[] };
}

export async function readManifest(dir = CORPUS_DIR): Promise<CorpusManifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as CorpusManifest;
}

/** Every mail of the corpus through the same entry point inbound SMTP uses, as received at `receivedAt`. */
export async function classifyCorpus(manifest: CorpusManifest, dir = CORPUS_DIR): Promise<CorpusResult[]> {
  const receivedAt = new Date(manifest.receivedAt);
  const results: CorpusResult[] = [];
  for (const entry of manifest.mails) {
    const raw = await readFile(join(dir, entry.file));
    const mail = await readInboundMail(raw, { recipients: ['rita@acme.example'], receivedAt });
    results.push({ entry, verdict: classifyInbound(mail) });
  }
  return results;
}

export function scoreCorpus(results: readonly CorpusResult[]): CorpusScore {
  const zero = () => Object.fromEntries(INBOUND_CLASSES.map((c) => [c, 0])) as Record<InboundClass, number>;
  const score: CorpusScore = {
    mails: results.length,
    real: results.filter((r) => !r.entry.synthetic).length,
    synthetic: results.filter((r) => r.entry.synthetic).length,
    perClass: Object.fromEntries(INBOUND_CLASSES.map((c) => [c, { expected: 0, right: 0 }])) as CorpusScore['perClass'],
    confusion: Object.fromEntries(INBOUND_CLASSES.map((c) => [c, zero()])) as CorpusScore['confusion'],
    automatedAsHuman: [],
    humanAsAutomated: [],
    bounces: { total: 0, hardSoftRight: 0, reasonRight: 0, wrong: [] },
    complaints: { total: 0, recognised: 0, wrong: [] },
    returnDates: { total: 0, right: 0, wrong: [] },
  };
  for (const { entry, verdict } of results) {
    const expected = entry.expected;
    const got = verdict.class;
    score.perClass[expected.class].expected++;
    if (got === expected.class) score.perClass[expected.class].right++;
    score.confusion[expected.class][got]++;
    if (expected.class !== 'reply' && got === 'reply') score.automatedAsHuman.push(entry.file);
    if (expected.class === 'reply' && got !== 'reply') score.humanAsAutomated.push(`${entry.file} (${got})`);
    if (expected.class === 'bounce') {
      score.bounces.total++;
      const hardSoft = got === 'bounce' && verdict.bounce === expected.bounce;
      if (hardSoft) score.bounces.hardSoftRight++;
      else score.bounces.wrong.push(`${entry.file}: ${got} ${verdict.bounce ?? ''} (expected ${expected.bounce})`);
      if (got === 'bounce' && verdict.reason === expected.reason) score.bounces.reasonRight++;
    }
    if (expected.class === 'complaint') {
      score.complaints.total++;
      const count = verdict.complaints?.length ?? 0;
      if (got === 'complaint' && count >= 1 && (expected.complaints === undefined || count === expected.complaints))
        score.complaints.recognised++;
      else score.complaints.wrong.push(`${entry.file}: ${got}, ${count} complaint(s)`);
    }
    if (expected.outOfOfficeUntil) {
      score.returnDates.total++;
      if (verdict.outOfOfficeUntil === expected.outOfOfficeUntil) score.returnDates.right++;
      else
        score.returnDates.wrong.push(
          `${entry.file}: ${verdict.outOfOfficeUntil ?? 'none'} (expected ${expected.outOfOfficeUntil})`,
        );
    }
  }
  return score;
}
