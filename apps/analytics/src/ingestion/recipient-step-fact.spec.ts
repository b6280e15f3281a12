import { foldFacts, type RecipientStepFact } from './recipient-step-fact';
import { factFlags, type RecipientFlag } from './recipient-step-flags';

const at = (iso: string) => new Date(iso);
const fact = (enrollmentId: string, occurredAt: string, ...flags: RecipientFlag[]): RecipientStepFact => ({
  sequenceId: 'seq',
  stepId: 'step',
  enrollmentId,
  flags: factFlags(...flags),
  occurredAt: at(occurredAt),
});

describe('foldFacts', () => {
  test('leaves one fact per recipient and step, joining flags and keeping the earliest time', () => {
    const folded = foldFacts([
      fact('e1', '2026-01-01T10:00:00Z', 'opened'),
      fact('e2', '2026-01-01T09:00:00Z', 'reached'),
      fact('e1', '2026-01-01T08:00:00Z', 'reached'),
      fact('e1', '2026-01-01T09:30:00Z', 'opened'),
    ]);
    expect(folded).toHaveLength(2);
    const e1 = folded.find((f) => f.enrollmentId === 'e1');
    expect(e1?.flags).toMatchObject({ reached: true, opened: true, attempted: true });
    expect(e1?.occurredAt).toEqual(at('2026-01-01T08:00:00Z'));
  });

  test('keeps different steps of one recipient apart', () => {
    const other = { ...fact('e1', '2026-01-01T10:00:00Z', 'reached'), stepId: 'other' };
    expect(foldFacts([fact('e1', '2026-01-01T10:00:00Z', 'reached'), other])).toHaveLength(2);
  });
});
