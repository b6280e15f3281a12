import { STEP_COUNTERS, type StepCounters } from '../step-counters';
import { buildSnapshot, type StepRow } from './sequence-snapshot';

const counters = (values: Partial<StepCounters>): StepCounters =>
  ({ ...Object.fromEntries(STEP_COUNTERS.map((name) => [name, 0])), ...values }) as StepCounters;

const step = (
  stepId: string,
  position: number,
  values: Partial<StepCounters>,
  branch?: [string, 'yes' | 'no'],
): StepRow => ({
  stepId,
  type: 'automated_email',
  name: stepId,
  position,
  branchId: branch?.[0] ?? null,
  branchPath: branch?.[1] ?? null,
  counters: counters(values),
});

const sequence = { sequenceId: 'seq_1', name: 'Backend hiring', openTrackingEnabled: true };

describe('buildSnapshot', () => {
  test('splits Recipients Attempted into queued and attempted', () => {
    const snapshot = buildSnapshot(sequence, [step('s1', 0, { recipients: 5, attempted: 3 })], []);
    expect(snapshot.steps[0]).toMatchObject({ recipientsAttempted: 5, queued: 2, attempted: 3 });
  });

  test('orders steps by their position in the sequence', () => {
    const snapshot = buildSnapshot(sequence, [step('s2', 1, {}), step('s1', 0, {})], []);
    expect(snapshot.steps.map((s) => s.stepId)).toEqual(['s1', 's2']);
  });

  test('counts each branch path by the first step directly on it', () => {
    const steps = [
      step('s1', 0, { recipients: 10 }),
      step('yes_1', 2, { recipients: 4 }, ['b1', 'yes']),
      step('yes_2', 3, { recipients: 3 }, ['b1', 'yes']),
      step('no_1', 4, { recipients: 6 }, ['b1', 'no']),
    ];
    const snapshot = buildSnapshot(sequence, steps, [{ branchId: 'b1', name: 'Opened?', position: 1 }]);
    expect(snapshot.branches).toEqual([{ branchId: 'b1', name: 'Opened?', position: 1, paths: { yes: 4, no: 6 } }]);
    expect(snapshot.steps[1]).toMatchObject({ branchId: 'b1', branchPath: 'yes' });
  });

  test('a path without a step of its own has no count', () => {
    const snapshot = buildSnapshot(
      sequence,
      [step('yes_1', 1, { recipients: 2 }, ['b1', 'yes'])],
      [{ branchId: 'b1', name: 'Has phone?', position: 0 }],
    );
    expect(snapshot.branches[0]?.paths).toEqual({ yes: 2, no: null });
  });
});
