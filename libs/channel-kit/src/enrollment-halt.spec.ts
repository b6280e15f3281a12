import type { RecipientStatus } from '@stepwise/contracts';
import { isHalting, refusesStepFiredAt, type EnrollmentStatusFact } from './enrollment-halt';

const at = (iso: string) => new Date(iso);
const fact = (status: RecipientStatus, final: boolean, changedAt: string): EnrollmentStatusFact => ({
  enrollmentId: 'enr_1',
  status,
  final,
  changedAt: at(changedAt),
});

describe('refusesStepFiredAt', () => {
  it('refuses every step of an enrollment in a final status, whenever it was fired', () => {
    const replied = fact('replied', true, '2026-11-26T10:00:00Z');
    expect(refusesStepFiredAt(replied, at('2026-11-26T09:00:00Z'))).toBe(true);
    expect(refusesStepFiredAt(replied, at('2026-11-26T11:00:00Z'))).toBe(true);
  });

  it('refuses a step fired before a pause, and sends the one fired after it (the resumed step)', () => {
    const paused = fact('paused', false, '2026-11-26T10:00:00Z');
    expect(refusesStepFiredAt(paused, at('2026-11-26T09:59:59Z'))).toBe(true);
    expect(refusesStepFiredAt(paused, at('2026-11-26T10:00:01Z'))).toBe(false);
  });

  it('sends when the enrollment never halted or runs again', () => {
    expect(refusesStepFiredAt(undefined, at('2026-11-26T10:00:00Z'))).toBe(false);
    expect(refusesStepFiredAt(fact('in_progress', false, '2026-11-26T11:00:00Z'), at('2026-11-26T10:00:00Z'))).toBe(
      false,
    );
  });
});

describe('isHalting', () => {
  it('is true for final statuses and a pause, false for statuses that keep sending', () => {
    expect(isHalting({ status: 'stopped', final: true })).toBe(true);
    expect(isHalting({ status: 'paused', final: false })).toBe(true);
    expect(isHalting({ status: 'error', final: false })).toBe(false);
    expect(isHalting({ status: 'pending_action', final: false })).toBe(false);
  });
});
