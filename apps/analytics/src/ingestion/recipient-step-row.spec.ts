import { STEP_FACT_NAMES } from '@stepwise/contracts';
import { flagBits, newestRows, RECIPIENT_FLAGS, type RecipientStepRow } from './recipient-step-row';

const row = (flags: number, at: string, offset: bigint, enrollmentId = 'e1'): RecipientStepRow => ({
  sequenceId: 's',
  stepId: 'intro',
  enrollmentId,
  flags,
  version: { occurredAt: new Date(at), offset },
});

describe('recipient step rows', () => {
  test('store every step fact enrollment publishes', () => {
    expect([...RECIPIENT_FLAGS].sort()).toEqual([...STEP_FACT_NAMES].sort());
  });

  test('pack the facts that are true, one bit each', () => {
    expect(flagBits({ reached: true, attempted: true, overdue: true, sent: false })).toBe(1 | 2 | (1 << 17));
  });

  test('of one batch keep the newest event per row: occurredAt first, then the partition offset', () => {
    const rows = [
      row(1, '2026-11-01T00:00:02Z', 5n),
      row(2, '2026-11-01T00:00:03Z', 4n),
      row(3, '2026-11-01T00:00:03Z', 6n),
      row(4, '2026-11-01T00:00:01Z', 9n),
      row(5, '2026-11-01T00:00:01Z', 1n, 'e2'),
    ];
    for (const order of [rows, [...rows].reverse()]) {
      expect(
        newestRows(order)
          .map((r) => [r.enrollmentId, r.flags])
          .sort(),
      ).toEqual([
        ['e1', 3],
        ['e2', 5],
      ]);
    }
  });
});
