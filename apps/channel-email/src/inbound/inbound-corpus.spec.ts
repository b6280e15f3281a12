import { classifyCorpus, readManifest, scoreCorpus, type CorpusResult, type CorpusScore } from './inbound-corpus';

/**
 * The project's own corpus (apps/channel-email/test/corpus, sources and licences in its
 * manifest.json) run through the classifier. The targets of DESIGN: no automatic mail read as a
 * person's reply and the reverse, at least 95% of bounces with the right hard/soft, at least 95%
 * of complaints recognised.
 */
describe('inbound corpus', () => {
  let results: CorpusResult[];
  let score: CorpusScore;

  beforeAll(async () => {
    results = await classifyCorpus(await readManifest());
    score = scoreCorpus(results);
  });

  it('holds at least 150 real mails from public projects', () => {
    expect(score.real).toBeGreaterThanOrEqual(150);
  });

  it('reads no automatic mail as a person\u2019s reply', () => {
    expect(score.automatedAsHuman).toEqual([]);
  });

  it('reads no person\u2019s reply as automatic mail', () => {
    expect(score.humanAsAutomated).toEqual([]);
  });

  it('gets hard or soft right for at least 95% of bounces', () => {
    expect(score.bounces.total).toBeGreaterThan(100);
    expect(score.bounces.hardSoftRight / score.bounces.total).toBeGreaterThanOrEqual(0.95);
  });

  it('recognises at least 95% of complaints, one per complaining recipient', () => {
    expect(score.complaints.total).toBeGreaterThan(0);
    expect(score.complaints.recognised / score.complaints.total).toBeGreaterThanOrEqual(0.95);
  });

  it('resumes out-of-office senders on the day after their absence', () => {
    expect(score.returnDates.wrong).toEqual([]);
  });

  it('names a reason for every bounce', () => {
    const unnamed = results.filter((r) => r.verdict.class === 'bounce' && !r.verdict.reason).map((r) => r.entry.file);
    expect(unnamed).toEqual([]);
  });
});
