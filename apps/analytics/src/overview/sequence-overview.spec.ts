import { REACH_OUT_COUNTER_NAMES, type ReachOutCounters } from '../reach-out-counters';
import type { StepRow } from '../snapshot/sequence-snapshot';
import { STEP_COUNTERS, type StepCounters } from '../step-counters';
import { buildOverview } from './sequence-overview';

const reachOuts = Object.fromEntries(REACH_OUT_COUNTER_NAMES.map((name) => [name, 0])) as ReachOutCounters;
const counters = (values: Partial<StepCounters>): StepCounters =>
  ({ ...Object.fromEntries(STEP_COUNTERS.map((name) => [name, 0])), ...values }) as StepCounters;
const step = (
  stepId: string,
  type: StepRow['type'],
  position: number,
  values: Partial<StepCounters> = {},
): StepRow => ({
  stepId,
  type,
  name: stepId,
  position,
  branchId: null,
  branchPath: null,
  counters: counters(values),
});
const sequence = { sequenceId: 'seq_1', name: 'Backend hiring', openTrackingEnabled: true };

describe('buildOverview', () => {
  test('tasks pending include the overdue ones, and only task steps count', () => {
    const overview = buildOverview(
      sequence,
      reachOuts,
      [
        step('call', 'task', 0, { pending: 2, overdue: 1, completed: 4 }),
        step('manual', 'manual_email', 1, { pending: 5, completed: 5 }),
      ],
      new Map(),
    );
    expect(overview.tasks).toEqual({ pending: 3, completed: 4 });
  });

  test('the flow lists every step in order, zero where nobody is', () => {
    const overview = buildOverview(
      sequence,
      reachOuts,
      [step('second', 'sms', 1), step('first', 'automated_email', 0)],
      new Map([['second', 7]]),
    );
    expect(overview.flow.map((s) => [s.stepId, s.recipients])).toEqual([
      ['first', 0],
      ['second', 7],
    ]);
  });
});
