import { createIdentityBodySchema } from './create-identity.dto';

const body = { channel: 'social', address: 'urn:li:person:1' };

describe('createIdentityBodySchema', () => {
  it('takes any zone the runtime knows, aliases of canonical names included', () => {
    for (const timezone of ['Asia/Kolkata', 'Europe/Kyiv', 'UTC', 'America/New_York']) {
      expect(createIdentityBodySchema.safeParse({ ...body, timezone }).success).toBe(true);
    }
    expect(createIdentityBodySchema.safeParse({ ...body, timezone: 'Mars/Base' }).success).toBe(false);
  });

  it('takes hourly, daily and weekly limits of at least one send', () => {
    const limits = { hourlyLimit: 5, dailyLimit: 20, weeklyLimit: 100 };
    expect(createIdentityBodySchema.parse({ ...body, ...limits })).toMatchObject(limits);
    expect(createIdentityBodySchema.safeParse({ ...body, weeklyLimit: 0 }).success).toBe(false);
    expect(createIdentityBodySchema.safeParse({ ...body, hourlyLimit: 1.5 }).success).toBe(false);
  });
});
