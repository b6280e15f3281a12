import { sequenceNodeSchema } from './sequence-definition';
import { ACTION_TRANSITIONS } from './recipient-action-transitions';
import { pauseWithSequence, resumeWithSequence } from './sequence-recipient-transitions';
import { enrollmentState, FIXTURE_NOW, planningContext } from './planning-fixtures';

const MINUTE = 60_000;
const nodes = [
  { kind: 'step', id: 'intro', type: 'automated_email', name: 'Intro', identityId: 'idn', subject: 'Hi' },
  {
    kind: 'step',
    id: 'follow-up',
    type: 'automated_email',
    name: 'Follow-up',
    identityId: 'idn',
    subject: 'Again',
    delay: { amount: 60, unit: 'minutes' },
  },
  {
    kind: 'branch',
    id: 'opened',
    name: 'Opened?',
    delay: { amount: 30, unit: 'minutes' },
    condition: { kind: 'opened', stepId: 'intro' },
    yes: [],
    no: [],
  },
].map((n) => sequenceNodeSchema.parse(n));

const at = (ms: number) => ({ ...planningContext(nodes), now: new Date(FIXTURE_NOW.getTime() + ms) });

/** The follow-up is due 60 minutes after the intro was sent (at FIXTURE_NOW). */
const waiting = enrollmentState({
  status: 'in_progress',
  substatus: 'waiting_for_delay',
  currentNodeId: 'follow-up',
  attempt: 1,
  timerVersion: 2,
  nextDueAt: new Date(FIXTURE_NOW.getTime() + 60 * MINUTE),
});

describe('pause and resume keep what is left of the delay', () => {
  it('a recipient paused 3 minutes into a 60-minute delay and resumed 12 minutes later waits 57 more', () => {
    const paused = ACTION_TRANSITIONS.pause(waiting, at(3 * MINUTE)).next;
    expect(paused.delayLeftMs).toBe(57 * MINUTE);
    const resumed = ACTION_TRANSITIONS.resume(paused, at(15 * MINUTE));
    expect(resumed.next).toMatchObject({ status: 'in_progress', substatus: 'waiting_for_delay', attempt: 2 });
    expect(resumed.timer).toMatchObject({ kind: 'schedule', dueAt: new Date(FIXTURE_NOW.getTime() + 72 * MINUTE) });
    expect(resumed.next.delayLeftMs).toBeNull();
  });

  it('a whole-sequence pause keeps the rest of a branch delay too', () => {
    const onBranch = {
      ...waiting,
      currentNodeId: 'opened',
      nextDueAt: new Date(FIXTURE_NOW.getTime() + 30 * MINUTE),
    };
    const paused = pauseWithSequence(onBranch, at(10 * MINUTE)).next;
    const resumed = resumeWithSequence(paused, at(20 * MINUTE));
    expect(resumed.timer).toMatchObject({
      kind: 'schedule',
      dueAt: new Date(FIXTURE_NOW.getTime() + 40 * MINUTE),
      action: { kind: 'notify', reason: 'delay_elapsed', stepId: 'opened' },
    });
  });

  it('a send whose delay was over when paused goes out at once on resume', () => {
    const due = { ...waiting, substatus: 'scheduled', nextDueAt: FIXTURE_NOW };
    const paused = ACTION_TRANSITIONS.pause(due, at(MINUTE)).next;
    expect(paused.delayLeftMs).toBe(0);
    const resumed = ACTION_TRANSITIONS.resume(paused, at(5 * MINUTE));
    expect(resumed.timer).toMatchObject({ kind: 'schedule', dueAt: at(5 * MINUTE).now });
    expect(resumed.next.substatus).toBe('scheduled');
  });
});
