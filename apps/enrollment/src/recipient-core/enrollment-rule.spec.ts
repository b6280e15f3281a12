import { admit, type KnownAboutRecipient } from './enrollment-rule';
import type { ExistingEnrollment } from './enrollment-rule';

const now = new Date('2026-11-25T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const finished = (days: number): ExistingEnrollment => ({
  id: 'enr_1',
  recipientId: 'r',
  status: 'completed',
  removed: false,
  finishedAt: daysAgo(days),
});
const running: ExistingEnrollment = { ...finished(0), status: 'in_progress', finishedAt: null };
const elsewhere = [{ id: 'enr_x', recipientId: 'r', sequenceId: 'seq_x', status: 'paused' as const }];
const known = (partial: Partial<KnownAboutRecipient>): KnownAboutRecipient => ({ exclusive: [], ...partial });

describe('enrollment rules', () => {
  it('once refuses anyone already in the sequence, finished or not', () => {
    expect(admit({ kind: 'once' }, known({ existing: finished(400) }), now)).toMatchObject({ kind: 'refused' });
    expect(admit({ kind: 'once' }, known({}), now)).toEqual({ kind: 'new', moveFrom: [] });
  });

  it('after_days lets a recipient in again only once they finished more than N days ago', () => {
    const rule = { kind: 'after_days', days: 30 } as const;
    expect(admit(rule, known({ existing: finished(31) }), now)).toEqual({ kind: 'again', enrollmentId: 'enr_1' });
    expect(admit(rule, known({ existing: finished(29) }), now)).toMatchObject({ kind: 'refused' });
    expect(admit(rule, known({ existing: running }), now)).toMatchObject({
      reason: 'recipient is already in this sequence (status in_progress)',
    });
    expect(admit(rule, known({ existing: { ...finished(90), removed: true } }), now)).toMatchObject({
      kind: 'refused',
    });
  });

  it('exclusive refuses or moves a recipient running in another exclusive sequence', () => {
    expect(admit({ kind: 'exclusive', onConflict: 'refuse' }, known({ exclusive: elsewhere }), now)).toEqual({
      kind: 'refused',
      reason: 'recipient is running in exclusive sequence seq_x (status paused)',
    });
    expect(admit({ kind: 'exclusive', onConflict: 'move' }, known({ exclusive: elsewhere }), now)).toEqual({
      kind: 'new',
      moveFrom: elsewhere,
    });
  });

  it('suppression refuses whatever the rule', () => {
    expect(admit({ kind: 'once' }, known({ suppression: 'unsubscribed' }), now)).toEqual({
      kind: 'refused',
      reason: 'recipient is suppressed: unsubscribed',
    });
  });
});
