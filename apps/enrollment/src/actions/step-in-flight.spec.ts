import { sequenceNodeSchema } from '../sequence/sequence-definition';
import { enrollmentState, FIXTURE_NOW, planningContext } from '../scheduling/planning-fixtures';
import { stepInFlight } from './step-in-flight';

const nodes = [
  {
    kind: 'step',
    id: 'email',
    type: 'automated_email',
    name: 'Email',
    identityId: 'idn',
    subject: 'Hi',
    body: 'Hello',
  },
  { kind: 'step', id: 'call', type: 'task', name: 'Call' },
].map((n) => sequenceNodeSchema.parse(n));
const ctx = planningContext(nodes);
const at = (msFromNow: number) => new Date(FIXTURE_NOW.getTime() + msFromNow);
const onEmail = (nextDueAt: Date | null, facts = {}) =>
  enrollmentState({ status: 'in_progress', substatus: 'scheduled', currentNodeId: 'email', nextDueAt, facts });

describe('stepInFlight', () => {
  it('names the send that came due with no outcome yet', () => {
    expect(stepInFlight(onEmail(at(-300)), ctx)).toEqual({
      enrollmentId: 'enr',
      stepId: 'email',
      dueAt: at(-300).toISOString(),
    });
  });

  it('is nothing before the due time, once the channel reported the send, or on a step no channel sends', () => {
    expect(stepInFlight(onEmail(at(300)), ctx)).toBeNull();
    expect(stepInFlight(onEmail(at(-300), { email: { sent: true } }), ctx)).toBeNull();
    const onTask = enrollmentState({ status: 'in_progress', currentNodeId: 'call', nextDueAt: at(-300) });
    expect(stepInFlight(onTask, ctx)).toBeNull();
    expect(stepInFlight({ ...onEmail(at(-300)), status: 'paused' }, ctx)).toBeNull();
  });
});
