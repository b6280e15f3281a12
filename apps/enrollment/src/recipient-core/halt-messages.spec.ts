import { enrollmentHaltSchema, Topics, type RecipientStatus } from '@stepwise/contracts';
import type { EnrollmentState } from './enrollment-state';
import { haltMessages } from './halt-messages';

const now = new Date('2026-12-10T09:00:00.000Z');
const state = (status: RecipientStatus, substatus: string | null = null, attempt = 3): EnrollmentState => ({
  id: 'enr_1',
  tenantId: 'acme',
  sequenceId: 'seq_1',
  recipientId: 'rcp_1',
  status,
  substatus,
  currentNodeId: 'intro',
  attempt,
  timerVersion: 1,
  nextDueAt: null,
  error: null,
  facts: {},
  delayLeftMs: null,
});
const halts = (previous: EnrollmentState, next: EnrollmentState) =>
  haltMessages(previous, next, now).map((m) => {
    expect(m.topic).toBe(Topics.enrollmentHalts);
    expect(m.envelope.key).toBe('enr_1');
    return enrollmentHaltSchema.parse(m.envelope).payload;
  });

describe('haltMessages', () => {
  it('announces a stop, a reply, a pause with the attempt and since when', () => {
    for (const status of ['stopped', 'replied', 'paused', 'completed'] as const) {
      expect(halts(state('in_progress'), state(status))).toEqual([
        { enrollmentId: 'enr_1', sequenceId: 'seq_1', attempt: 3, halt: { status, since: now.toISOString() } },
      ]);
    }
  });

  it('announces a pause that becomes final, and a resume or a new enrollment lifting the halt', () => {
    expect(halts(state('paused'), state('stopped'))[0]?.halt?.status).toBe('stopped');
    expect(halts(state('paused'), state('in_progress', null, 4))).toEqual([
      { enrollmentId: 'enr_1', sequenceId: 'seq_1', attempt: 4, halt: null },
    ]);
    expect(halts(state('completed'), state('in_progress', null, 4))[0]?.halt).toBeNull();
  });

  it('says nothing when halted-or-not stays the same', () => {
    expect(halts(state('in_progress'), state('error'))).toEqual([]);
    expect(halts(state('not_started'), state('in_progress'))).toEqual([]);
    expect(halts(state('paused', 'by_user'), state('paused', 'auth_lost'))).toEqual([]);
    expect(halts(state('stopped'), state('stopped', 'removed'))).toEqual([]);
  });
});
