import { addDelay } from './delay';

describe('addDelay', () => {
  const friday = new Date('2026-11-27T09:00:00Z');

  it('adds plain minutes, hours and days', () => {
    expect(addDelay(friday, { amount: 90, unit: 'minutes' }).toISOString()).toBe('2026-11-27T10:30:00.000Z');
    expect(addDelay(friday, { amount: 2, unit: 'hours' }).toISOString()).toBe('2026-11-27T11:00:00.000Z');
    expect(addDelay(friday, { amount: 1, unit: 'days' }).toISOString()).toBe('2026-11-28T09:00:00.000Z');
  });

  it('skips the weekend for business days', () => {
    expect(addDelay(friday, { amount: 1, unit: 'business_days' }).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(addDelay(friday, { amount: 0, unit: 'business_days' }).toISOString()).toBe(friday.toISOString());
  });
});
