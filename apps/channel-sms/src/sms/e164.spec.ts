import { isE164 } from './e164';

describe('isE164', () => {
  it.each(['+14155552671', '+447911123456', '+12', '+123456789012345'])('accepts %s', (phone) => {
    expect(isE164(phone)).toBe(true);
  });

  it.each([
    ['no plus sign', '14155552671'],
    ['a country code starting with 0', '+04155552671'],
    ['more than 15 digits', '+1234567890123456'],
    ['formatting characters', '+1 415-555-2671'],
    ['letters', '+1415CALLNOW'],
    ['a trailing newline', '+14155552671\n'],
    ['nothing after the plus', '+'],
  ])('rejects %s', (_reason, phone) => {
    expect(isE164(phone)).toBe(false);
  });
});
