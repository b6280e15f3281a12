import { createEnvelope, statusChangedSchema, stepReachedSchema } from '@stepwise/contracts';
import { enrollmentEventForChannels } from './enrollment-status.consumer';

const statusChange = createEnvelope(statusChangedSchema, {
  tenantId: 'acme',
  key: 'enr_1',
  payload: { enrollmentId: 'enr_1', sequenceId: 'seq_1', recipientId: 'rec_1', from: 'in_progress', to: 'replied' },
});

describe('what channels read off the enrollment events topic', () => {
  it('takes a status change as its own schema reads it', () => {
    expect(enrollmentEventForChannels.parse(statusChange)).toEqual(statusChange);
  });

  it('lets the other enrollment events pass untouched', () => {
    const reached = createEnvelope(stepReachedSchema, {
      tenantId: 'acme',
      key: 'enr_1',
      payload: { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'intro', stepType: 'sms', attempt: 1 },
    });
    expect(enrollmentEventForChannels.parse(reached)).toEqual(reached);
  });

  it('refuses a malformed status change naming the field, so its dead letter says what is wrong', () => {
    const broken = { ...statusChange, payload: { ...statusChange.payload, to: 'on_holiday' } };
    const result = enrollmentEventForChannels.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['payload.to']);
  });
});
