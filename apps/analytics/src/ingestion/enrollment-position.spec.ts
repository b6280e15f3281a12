import { advancePosition, type Position } from './enrollment-position';

let offset = 0n;
function at(
  stepId: string | null,
  status: Position['status'],
  substatus: string | null = null,
  second = Number(offset),
): Position {
  offset += 1n;
  return { stepId, status, substatus, version: { occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)), offset } };
}

describe('advancePosition', () => {
  test('entering Pending Action at a step counts the recipient as pending there', () => {
    const advance = advancePosition(null, [at('task_1', 'pending_action', 'task')]);
    expect(advance.phaseDeltas).toEqual([{ stepId: 'task_1', pending: 1, overdue: 0 }]);
    expect(advance.latest?.stepId).toBe('task_1');
  });

  test('becoming overdue moves the recipient from pending to overdue', () => {
    const pending = at('task_1', 'pending_action', 'task');
    const advance = advancePosition(pending, [at('task_1', 'pending_action', 'overdue')]);
    expect(advance.phaseDeltas).toEqual([{ stepId: 'task_1', pending: -1, overdue: 1 }]);
    expect(advance.completions).toEqual([]);
  });

  test('leaving Pending Action for a later step completes the task', () => {
    const pending = at('task_1', 'pending_action', 'task');
    const next = at('email_2', 'in_progress', 'scheduled');
    const advance = advancePosition(pending, [next]);
    expect(advance.completions).toEqual([{ stepId: 'task_1', occurredAt: next.version.occurredAt }]);
    expect(advance.phaseDeltas).toEqual([{ stepId: 'task_1', pending: -1, overdue: 0 }]);
  });

  test('being stopped while pending is no completion', () => {
    const advance = advancePosition(at('task_1', 'pending_action', 'task'), [at('task_1', 'stopped')]);
    expect(advance.completions).toEqual([]);
    expect(advance.phaseDeltas).toEqual([{ stepId: 'task_1', pending: -1, overdue: 0 }]);
  });

  test('walks every change of the batch, so a task passed through within one batch still completes', () => {
    const advance = advancePosition(null, [
      at('task_1', 'pending_action', 'task'),
      at('task_2', 'pending_action', 'task'),
      at(null, 'completed'),
    ]);
    expect(advance.completions.map((c) => c.stepId)).toEqual(['task_1', 'task_2']);
    expect(advance.phaseDeltas).toEqual([]);
    expect(advance.latest?.status).toBe('completed');
  });

  test('changes not newer than the stored position are dropped: a replay changes nothing', () => {
    const pending = at('task_1', 'pending_action', 'task');
    const stored = at('email_2', 'in_progress', 'scheduled');
    expect(advancePosition(stored, [pending, stored])).toEqual({ latest: null, phaseDeltas: [], completions: [] });
  });

  test('within one millisecond the partition offset orders the changes', () => {
    const first = at('task_1', 'pending_action', 'task', 5);
    const second = at('email_2', 'in_progress', 'scheduled', 5);
    const advance = advancePosition(null, [second, first]);
    expect(advance.latest).toBe(second);
    expect(advance.completions.map((c) => c.stepId)).toEqual(['task_1']);
  });
});
