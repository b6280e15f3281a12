import { isSequenceActionAllowed, sequenceConflict, SEQUENCE_ACTIONS, type SequenceAction } from './sequence-lifecycle';
import type { SequenceStatus } from '../recipient-store/sequence-catalog';

/** The lifecycle written out again by hand: every cell of status x action. */
const EXPECTED: Record<SequenceStatus, SequenceAction[]> = {
  draft: ['launch', 'edit', 'duplicate', 'archive', 'delete'],
  active: ['edit', 'pause', 'duplicate', 'archive'],
  paused: ['edit', 'resume', 'duplicate', 'archive'],
  archived: ['duplicate', 'delete'],
  deleted: [],
};

describe('sequence lifecycle', () => {
  const cells = (Object.keys(EXPECTED) as SequenceStatus[]).flatMap((status) =>
    SEQUENCE_ACTIONS.map((action) => [status, action, EXPECTED[status].includes(action)] as const),
  );

  it.each(cells)('%s + %s allowed: %s', (status, action, allowed) => {
    expect(isSequenceActionAllowed(status, action)).toBe(allowed);
  });

  it('a refusal is a 409 naming the status and the action', () => {
    const refusal = sequenceConflict('active', 'delete');
    expect(refusal.getStatus()).toBe(409);
    expect(refusal.getResponse()).toMatchObject({
      status: 'active',
      action: 'delete',
      message: 'delete is not allowed for a sequence in status active',
    });
  });
});
