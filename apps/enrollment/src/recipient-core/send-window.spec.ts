import { senderLimitsFor } from './send-window';
import { senderIdentity } from './planning-fixtures';

describe('LinkedIn weekly invitation caps (issue 15)', () => {
  const linkedin = senderIdentity({ id: 'li', channel: 'social', dailyLimit: 40, weeklyLimit: 100 });

  it('count connection requests only: invitations are counted apart, with the weekly cap', () => {
    expect(senderLimitsFor(linkedin, 'linkedin_connection_request')).toEqual({
      identityId: 'li:invitations',
      timezone: 'UTC',
      dailyCap: 40,
      weeklyCap: 100,
    });
  });

  it('leave LinkedIn messages out of the weekly invitation count', () => {
    expect(senderLimitsFor(linkedin, 'linkedin_message')).toEqual({ identityId: 'li', timezone: 'UTC', dailyCap: 40 });
  });

  it('keep every cap on one count for the other channels', () => {
    const email = senderIdentity({ dailyLimit: 10, weeklyLimit: 30 });
    expect(senderLimitsFor(email, 'automated_email')).toEqual({
      identityId: 'idn',
      timezone: 'UTC',
      dailyCap: 10,
      weeklyCap: 30,
    });
  });
});
