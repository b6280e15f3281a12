import { createEnvelope, enrollmentHaltSchema } from '@stepwise/contracts';
import { feedEntryOf, refusesStepFiredAt } from './enrollment-halt';

const at = (iso: string) => new Date(iso);
const message = (halt: { status: 'stopped' | 'paused' | 'in_progress'; since: string } | null, attempt = 2) =>
  createEnvelope(enrollmentHaltSchema, {
    tenantId: 'acme',
    key: 'enr_1',
    payload: { enrollmentId: 'enr_1', sequenceId: 'seq_1', attempt, halt },
  });

describe('a halt feed message as the channel stores it', () => {
  it('keeps a final status, when it came, the attempt and its place on the feed', () => {
    const entry = feedEntryOf(message({ status: 'stopped', since: '2026-11-26T10:00:00.000Z' }), 3, '41');
    expect(entry).toEqual({
      enrollmentId: 'enr_1',
      attempt: 2,
      partition: 3,
      offset: 41n,
      halt: {
        enrollmentId: 'enr_1',
        status: 'stopped',
        final: true,
        changedAt: at('2026-11-26T10:00:00Z'),
        attempt: 2,
      },
    });
  });

  it('reads a lifted halt, or a status that does not halt, as no halt', () => {
    expect(feedEntryOf(message(null), 0, '7').halt).toBeNull();
    expect(feedEntryOf(message({ status: 'in_progress', since: '2026-11-26T10:00:00.000Z' }), 0, '8').halt).toBeNull();
  });

  it('refuses by the contracts rule: a step of the halted attempt fired before a pause, not a later attempt', () => {
    const paused =
      feedEntryOf(message({ status: 'paused', since: '2026-11-26T10:00:00.000Z' }), 0, '1').halt ?? undefined;
    expect(refusesStepFiredAt(paused, at('2026-11-26T09:00:00Z'), 2)).toBe(true);
    expect(refusesStepFiredAt(paused, at('2026-11-26T11:00:00Z'), 2)).toBe(false);
    expect(refusesStepFiredAt(paused, at('2026-11-26T09:00:00Z'), 3)).toBe(false);
    expect(refusesStepFiredAt(undefined, at('2026-11-26T09:00:00Z'), 1)).toBe(false);
  });
});
