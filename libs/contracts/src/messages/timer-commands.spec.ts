import { senderLimitsSchema, sendWindowSchema } from './timer-commands';

describe('sendWindowSchema', () => {
  const window = { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

  it('accepts working hours in an IANA zone, with holidays', () => {
    expect(sendWindowSchema.safeParse({ ...window, holidays: ['2026-12-25'] }).success).toBe(true);
    expect(sendWindowSchema.safeParse({ ...window, end: '24:00' }).success).toBe(true);
  });

  it.each([
    ['timezone', { timezone: 'Europe/Atlantis' }],
    ['days', { days: [0] }],
    ['days', { days: [] }],
    ['start', { start: '9:00' }],
    ['end', { end: '08:00' }],
    ['holidays', { holidays: ['25.12.2026'] }],
  ])('names %s when it is wrong', (field, change) => {
    const result = sendWindowSchema.safeParse({ ...window, ...change });
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe('senderLimitsSchema', () => {
  it('needs only the identity; a cap of 0 stops its sends', () => {
    expect(senderLimitsSchema.safeParse({ identityId: 'id_1' }).success).toBe(true);
    expect(senderLimitsSchema.safeParse({ identityId: 'id_1', dailyCap: 0 }).success).toBe(true);
    expect(senderLimitsSchema.safeParse({ identityId: 'id_1', minSpacingSeconds: 0 }).success).toBe(false);
  });

  it('takes hourly and weekly caps beside the daily one, whole and not negative', () => {
    const limits = { identityId: 'id_1', hourlyCap: 2, dailyCap: 10, weeklyCap: 40 };
    expect(senderLimitsSchema.parse(limits)).toEqual(limits);
    expect(senderLimitsSchema.safeParse({ identityId: 'id_1', hourlyCap: -1 }).success).toBe(false);
    expect(senderLimitsSchema.safeParse({ identityId: 'id_1', weeklyCap: 1.5 }).success).toBe(false);
  });
});
