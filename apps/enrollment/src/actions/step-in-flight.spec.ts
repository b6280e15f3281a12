import { sequenceNodeSchema } from '../recipient-core/sequence-definition';
import { enrollmentState, FIXTURE_NOW, planningContext } from '../recipient-core/planning-fixtures';
import { inFlightBy, pendingSend } from './step-in-flight';

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

describe('a send possibly in flight when the halt took effect', () => {
  it('is the scheduled send with no outcome yet, once its due time passed by the moment the halt was published', () => {
    const pending = pendingSend(onEmail(at(300)), ctx);
    expect(pending).toEqual({ enrollmentId: 'enr', stepId: 'email', dueAt: at(300).toISOString() });
    expect(inFlightBy([pending as NonNullable<typeof pending>], at(299))).toEqual([]);
    expect(inFlightBy([pending as NonNullable<typeof pending>], at(300))).toEqual([pending]);
  });

  it('is nothing once the channel reported the send, on a step no channel sends, or when not running', () => {
    expect(pendingSend(onEmail(at(-300), { email: { sent: true } }), ctx)).toBeNull();
    const onTask = enrollmentState({ status: 'in_progress', currentNodeId: 'call', nextDueAt: at(-300) });
    expect(pendingSend(onTask, ctx)).toBeNull();
    expect(pendingSend({ ...onEmail(at(-300)), status: 'paused' }, ctx)).toBeNull();
    expect(pendingSend(onEmail(null), ctx)).toBeNull();
  });
});
