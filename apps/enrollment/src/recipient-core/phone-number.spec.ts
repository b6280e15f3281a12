import { toE164, whyNotTextable } from './phone-number';

describe('phone numbers', () => {
  it('accepts numbers of a possible length in their plan, in E.164, and refuses anything else', () => {
    expect(toE164('+4915123456789')).toBe('+4915123456789');
    expect(toE164('+44 7911 123456')).toBe('+447911123456');
    expect(toE164('+15550000001')).toBe('+15550000001');
    expect(toE164('not-a-phone')).toBeNull();
    expect(toE164('+15550100')).toBeNull();
    expect(toE164('+999123456789')).toBeNull();
  });

  it('refuses to text a landline, and lets mobiles and North American numbers through', () => {
    expect(whyNotTextable('+493012345678')).toBe('+493012345678 is a landline: it cannot receive SMS');
    expect(whyNotTextable('+4915123456789')).toBeNull();
    expect(whyNotTextable('+14155552671')).toBeNull();
    expect(whyNotTextable('garbage')).toContain('not a valid phone number');
  });
});
