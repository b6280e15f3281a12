import { sequenceNodeSchema } from '../sequence/sequence-definition';
import { SequenceNavigator } from '../sequence/sequence-navigator';
import type { EnrollmentState, SenderIdentity } from '../enrollment/enrollment-state';
import { planNode, type PlanningContext } from './step-planner';

const nodes = [
  { kind: 'step', id: 'note', type: 'manual_email', name: 'Note', identityId: 'idn', subject: 'Hi', body: 'x' },
  { kind: 'step', id: 'call', type: 'task', name: 'Call', taskDueAfter: { amount: 3, unit: 'hours' } },
  { kind: 'step', id: 'email', type: 'automated_email', name: 'Email', identityId: 'idn', subject: 'Hi', body: 'x' },
].map((n) => sequenceNodeSchema.parse(n));
const navigator = new SequenceNavigator(nodes);
const now = new Date('2026-11-25T10:00:00Z');
const context = (authState: SenderIdentity['authState'] = 'ok'): PlanningContext => ({
  navigator,
  recipient: { id: 'r', email: 'a@example.com', phone: null, linkedinProfile: null, timezone: null, variables: {} },
  identities: new Map([
    ['idn', { id: 'idn', channel: 'email', address: 'me@acme.test', displayName: null, authState }],
  ]),
  now,
});
const state: EnrollmentState = {
  id: 'enr',
  tenantId: 't',
  sequenceId: 's',
  recipientId: 'r',
  status: 'not_started',
  substatus: null,
  currentNodeId: null,
  attempt: 2,
  timerVersion: 0,
  nextDueAt: null,
  error: null,
  facts: {},
};

describe('step planner', () => {
  it('hands a manual email to the user with an overdue timer a day later, instead of sending it', () => {
    const t = planNode(state, navigator.find('note'), context(), 'enrolled');
    expect(t.next).toMatchObject({ status: 'pending_action', substatus: 'manual_email', currentNodeId: 'note' });
    expect(t.timer).toEqual({
      kind: 'schedule',
      dueAt: new Date('2026-11-26T10:00:00Z'),
      action: { kind: 'notify', reason: 'manual_email_overdue', enrollmentId: 'enr', stepId: 'note' },
    });
  });

  it('a task is due after its taskDueAfter', () => {
    const t = planNode(state, navigator.find('call'), context(), 'enrolled');
    expect(t.timer).toMatchObject({ dueAt: new Date('2026-11-25T13:00:00Z'), action: { reason: 'task_overdue' } });
  });

  it('a send keeps the attempt number, so a new run never reuses a send key', () => {
    const t = planNode(state, navigator.find('email'), context(), 'enrolled');
    expect(t.timer).toMatchObject({ action: { kind: 'send_step', step: { stepId: 'email', attempt: 2 } } });
  });

  it('a send from an identity that lost its login pauses the recipient instead of scheduling', () => {
    const t = planNode(state, navigator.find('email'), context('auth_lost'), 'enrolled');
    expect(t.next).toMatchObject({ status: 'paused', substatus: 'auth_lost', currentNodeId: 'email' });
    expect(t.timer).toBeNull();
  });
});
