import fc from 'fast-check';
import { createEnvelope, timerCancelledSchema, timerScheduledSchema, type TimerCommand } from '@stepwise/contracts';
import { collapseTimerCommands } from './collapse-timer-commands';

function scheduled(timerId: string, version: number, dueAt = '2026-11-25T10:00:00.000Z'): TimerCommand {
  return createEnvelope(timerScheduledSchema, {
    tenantId: 'acme',
    key: `key-${timerId}`,
    payload: {
      timerId,
      version,
      dueAt,
      action: { kind: 'notify', reason: 'delay_elapsed', enrollmentId: timerId },
    },
  });
}

function cancelled(timerId: string, version: number): TimerCommand {
  return createEnvelope(timerCancelledSchema, {
    tenantId: 'acme',
    key: `key-${timerId}`,
    payload: { timerId, version },
  });
}

describe('collapseTimerCommands', () => {
  it('keeps the highest-version schedule of a timer', () => {
    const { schedules } = collapseTimerCommands([scheduled('t1', 1), scheduled('t1', 3), scheduled('t1', 2)]);
    expect(schedules).toEqual([expect.objectContaining({ timerId: 't1', version: 3 })]);
  });

  it('keeps the first of equal-version schedules, as an equal version never overrides', () => {
    const { schedules } = collapseTimerCommands([
      scheduled('t1', 2, '2026-11-25T10:00:00.000Z'),
      scheduled('t1', 2, '2026-11-25T11:00:00.000Z'),
    ]);
    expect(schedules).toEqual([expect.objectContaining({ dueAt: '2026-11-25T10:00:00.000Z' })]);
  });

  it('carries tenant and key from the envelope', () => {
    const { schedules } = collapseTimerCommands([scheduled('t1', 1)]);
    expect(schedules[0]).toMatchObject({ tenantId: 'acme', key: 'key-t1' });
  });

  it('drops a schedule of the same version as a cancel, whichever came first', () => {
    expect(collapseTimerCommands([scheduled('t1', 2), cancelled('t1', 2)]).schedules).toEqual([]);
    expect(collapseTimerCommands([cancelled('t1', 2), scheduled('t1', 2)]).schedules).toEqual([]);
  });

  it('keeps a schedule of a higher version than the cancel, and the cancel too', () => {
    const writes = collapseTimerCommands([scheduled('t1', 1), cancelled('t1', 1), scheduled('t1', 2)]);
    expect(writes.schedules).toEqual([expect.objectContaining({ version: 2 })]);
    expect(writes.cancels).toEqual([{ timerId: 't1', version: 1 }]);
  });

  it('keeps the highest cancel of a timer', () => {
    const { cancels } = collapseTimerCommands([cancelled('t1', 4), cancelled('t1', 2)]);
    expect(cancels).toEqual([{ timerId: 't1', version: 4 }]);
  });

  it('collapses each timer on its own', () => {
    const writes = collapseTimerCommands([scheduled('a', 1), cancelled('b', 1), scheduled('b', 1), scheduled('c', 5)]);
    expect(writes.schedules.map((s) => s.timerId).sort()).toEqual(['a', 'c']);
    expect(writes.cancels).toEqual([{ timerId: 'b', version: 1 }]);
  });
});

/**
 * The property the consumer relies on: applying the collapsed writes the way the SQL does
 * (schedules guarded by stored version and tombstone, then cancels) ends in the same state as
 * applying every command one by one in offset order, from any stored state.
 */
describe('collapseTimerCommands, against one-by-one application', () => {
  interface State {
    timer?: { version: number; dueAt: string };
    tombstone: number;
  }

  function applyOne(state: State, command: TimerCommand): State {
    const { version } = command.payload;
    if (command.type === 'timer.cancelled') {
      const timer = state.timer && state.timer.version <= version ? undefined : state.timer;
      return { timer, tombstone: Math.max(state.tombstone, version) };
    }
    if (version <= state.tombstone || (state.timer && state.timer.version >= version)) return state;
    return { ...state, timer: { version, dueAt: command.payload.dueAt } };
  }

  /** Schedules, then cancels: the order of the statements in timer.repository.ts. */
  function applyCollapsed(state: State, commands: TimerCommand[]): State {
    const { cancels, schedules } = collapseTimerCommands(commands);
    let next = state;
    for (const schedule of schedules) {
      if (schedule.version <= next.tombstone || (next.timer && next.timer.version >= schedule.version)) continue;
      next = { ...next, timer: { version: schedule.version, dueAt: schedule.dueAt } };
    }
    for (const cancel of cancels) {
      const timer = next.timer && next.timer.version <= cancel.version ? undefined : next.timer;
      next = { timer, tombstone: Math.max(next.tombstone, cancel.version) };
    }
    return next;
  }

  const command = fc.oneof(
    fc
      .record({ version: fc.integer({ min: 1, max: 5 }), minute: fc.integer({ min: 0, max: 59 }) })
      .map(({ version, minute }) =>
        scheduled('t1', version, `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`),
      ),
    fc.integer({ min: 1, max: 5 }).map((version) => cancelled('t1', version)),
  );
  const initial = fc.record({
    timer: fc.option(
      fc.record({ version: fc.integer({ min: 1, max: 5 }), dueAt: fc.constant('2026-11-25T09:00:00.000Z') }),
      {
        nil: undefined,
      },
    ),
    tombstone: fc.integer({ min: 0, max: 5 }),
  });

  it('reaches the same timer and tombstone', () => {
    fc.assert(
      fc.property(initial, fc.array(command, { maxLength: 8 }), (state, commands) => {
        expect(applyCollapsed(state, commands)).toEqual(commands.reduce(applyOne, state));
      }),
    );
  });
});
