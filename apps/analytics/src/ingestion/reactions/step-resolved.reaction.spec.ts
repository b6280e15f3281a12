import { createEnvelope, stepResolvedSchema } from '@stepwise/contracts';
import { factFlags } from '../recipient-step-flags';
import { stepResolvedFact } from './step-resolved.reaction';

describe('stepResolvedFact', () => {
  it.each(['skipped', 'completed'] as const)('marks the step row %s', (resolution) => {
    const message = createEnvelope(stepResolvedSchema, {
      tenantId: 't',
      key: 'enr',
      payload: { enrollmentId: 'enr', sequenceId: 'seq', stepId: 'call', resolution },
    });
    expect(stepResolvedFact(message)).toMatchObject({
      sequenceId: 'seq',
      stepId: 'call',
      enrollmentId: 'enr',
      flags: factFlags(resolution),
    });
  });
});
