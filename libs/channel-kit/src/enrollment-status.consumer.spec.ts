import { createEnvelope, enrollmentTransitionedSchema, sequencePublishedSchema } from '@stepwise/contracts';
import { enrollmentEventForChannels } from './enrollment-status.consumer';

const statusChange = createEnvelope(enrollmentTransitionedSchema, {
  tenantId: 'acme',
  key: 'enr_1',
  payload: {
    enrollmentId: 'enr_1',
    sequenceId: 'seq_1',
    recipientId: 'rec_1',
    status: { from: 'in_progress', to: 'replied' },
    steps: [],
  },
});

describe('what channels read off the enrollment events topic', () => {
  it('takes a transition as its own schema reads it', () => {
    expect(enrollmentEventForChannels.parse(statusChange)).toEqual(statusChange);
  });

  it('lets the other enrollment events pass untouched', () => {
    const published = createEnvelope(sequencePublishedSchema, {
      tenantId: 'acme',
      key: 'seq_1',
      payload: { sequenceId: 'seq_1', name: 'S', status: 'active', openTrackingEnabled: true, steps: [], branches: [] },
    });
    expect(enrollmentEventForChannels.parse(published)).toEqual(published);
  });

  it('refuses a malformed status change naming the field, so its dead letter says what is wrong', () => {
    const broken = {
      ...statusChange,
      payload: { ...statusChange.payload, status: { ...statusChange.payload.status, to: 'on_holiday' } },
    };
    const result = enrollmentEventForChannels.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['payload.status.to']);
  });
});
