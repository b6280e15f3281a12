import type { HaltFeedEntry } from './enrollment-halt';
import { latestPerEnrollment } from './enrollment-status.repository';

const entry = (offset: number, status: 'stopped' | 'paused' | null, attempt = 1, partition = 0): HaltFeedEntry => ({
  enrollmentId: 'enr_1',
  attempt,
  partition,
  offset: BigInt(offset),
  halt: status
    ? { enrollmentId: 'enr_1', status, final: status === 'stopped', changedAt: new Date(offset * 1000), attempt }
    : null,
});

describe('the one message per enrollment a batch applies', () => {
  it('is the last on the feed, whatever order the batch lists them in', () => {
    expect(latestPerEnrollment([entry(5, 'paused'), entry(7, null), entry(6, 'paused')])).toEqual([entry(7, null)]);
  });

  it('keeps a final status against a later message of the same run, not of a later enrollment', () => {
    expect(latestPerEnrollment([entry(5, 'stopped'), entry(6, null)])).toEqual([entry(5, 'stopped')]);
    expect(latestPerEnrollment([entry(5, 'stopped'), entry(6, null, 2)])).toEqual([entry(6, null, 2)]);
  });
});
