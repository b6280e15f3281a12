import { timerActionSchema } from '@stepwise/contracts';
import { sequenceNodeSchema } from './sequence-definition';
import { SequenceNavigator } from './sequence-navigator';
import type { SenderIdentity } from './enrollment-state';
import { planNode, type PlanningContext } from './step-planner';
import { enrollmentState, planningContext } from './planning-fixtures';

const nodes = [
  { kind: 'step', id: 'note', type: 'manual_email', name: 'Note', identityId: 'idn', subject: 'Hi', body: 'x' },
  { kind: 'step', id: 'call', type: 'task', name: 'Call', taskDueAfter: { amount: 3, unit: 'hours' } },
  { kind: 'step', id: 'email', type: 'automated_email', name: 'Email', identityId: 'idn', subject: 'Hi', body: 'x' },
].map((n) => sequenceNodeSchema.parse(n));
const navigator = new SequenceNavigator(nodes);
const context = (
  authState: SenderIdentity['authState'] = 'ok',
  identity: Partial<SenderIdentity> = {},
  recipientTimezone: string | null = null,
): PlanningContext => planningContext(nodes, { identity: { ...identity, authState }, recipientTimezone });
const state = enrollmentState({ attempt: 2 });

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

  it("an email step carries the sequence's open tracking: off means the channel sends no pixel", () => {
    const deliveryOf = (openTracking?: boolean) => {
      const t = planNode(state, navigator.find('email'), { ...context(), openTracking }, 'enrolled');
      return t.timer?.kind === 'schedule' && t.timer.action.kind === 'send_step' ? t.timer.action.delivery : null;
    };
    expect(deliveryOf(false)).toMatchObject({ channel: 'email', openTracking: false });
    expect(deliveryOf(true)).not.toHaveProperty('openTracking');
    expect(deliveryOf(undefined)).not.toHaveProperty('openTracking');
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

  it('a send without working hours or a daily limit fires whenever it is due', () => {
    const t = planNode(state, navigator.find('email'), context(), 'enrolled');
    expect(t.timer?.kind === 'schedule' && t.timer.action).not.toHaveProperty('window');
    expect(t.timer?.kind === 'schedule' && t.timer.action).not.toHaveProperty('limits');
  });

  describe("the sender identity's working hours and limits go with the send", () => {
    const workingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30', holidays: ['2026-12-25'] };
    const identity = { timezone: 'Europe/Berlin', dailyLimit: 200, workingHours };

    it("in the recipient's time zone when it is known", () => {
      const t = planNode(state, navigator.find('email'), context('ok', identity, 'America/New_York'), 'enrolled');
      expect(t.timer).toMatchObject({
        action: {
          window: { timezone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' },
          limits: { identityId: 'idn', timezone: 'Europe/Berlin', dailyCap: 200 },
        },
      });
      const action = t.timer?.kind === 'schedule' ? t.timer.action : null;
      expect(timerActionSchema.parse(action)).toEqual(action);
    });

    it("in the identity's time zone when the recipient's is unknown or not a time zone", () => {
      for (const recipientZone of [null, 'Mars/Olympus']) {
        const t = planNode(state, navigator.find('email'), context('ok', identity, recipientZone), 'enrolled');
        expect(t.timer).toMatchObject({
          action: { window: { timezone: 'Europe/Berlin', holidays: ['2026-12-25'] } },
        });
      }
    });

    it('a limit alone, without working hours', () => {
      const t = planNode(state, navigator.find('email'), context('ok', { dailyLimit: 5 }), 'enrolled');
      const action = t.timer?.kind === 'schedule' ? t.timer.action : null;
      expect(action).toMatchObject({ limits: { identityId: 'idn', dailyCap: 5, timezone: 'UTC' } });
      expect(action).not.toHaveProperty('window');
    });

    it('hourly and weekly limits as the caps of those periods, with or without a daily one', () => {
      const hourlyAndWeekly = { hourlyLimit: 20, weeklyLimit: 100 };
      const t = planNode(state, navigator.find('email'), context('ok', hourlyAndWeekly), 'enrolled');
      const action = t.timer?.kind === 'schedule' ? t.timer.action : null;
      expect(action).toMatchObject({ limits: { identityId: 'idn', timezone: 'UTC', hourlyCap: 20, weeklyCap: 100 } });
      expect(action).not.toHaveProperty('limits.dailyCap');
      expect(timerActionSchema.parse(action)).toEqual(action);
      const all = planNode(
        state,
        navigator.find('email'),
        context('ok', { ...hourlyAndWeekly, dailyLimit: 40 }),
        'enrolled',
      );
      expect(all.timer).toMatchObject({ action: { limits: { hourlyCap: 20, dailyCap: 40, weeklyCap: 100 } } });
    });
  });

  it('nothing is scheduled while the sequence is paused: the recipient waits with it', () => {
    const t = planNode(state, navigator.find('email'), { ...context(), sequenceStatus: 'paused' }, 'back');
    expect(t.next).toMatchObject({ status: 'paused', substatus: 'sequence_paused', currentNodeId: 'email' });
    expect(t.timer).toBeNull();
    expect(t.cause).toBe('back; sequence paused');
  });
});
