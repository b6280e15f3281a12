/**
 * E.164, the only number format Twilio accepts for "To": a plus sign, then a country code that
 * does not start with 0, then at most 15 digits in all. No spaces, dashes or brackets: guessing a
 * country for "(415) 555-2671" would text a stranger when the guess is wrong.
 */
const E164 = /^\+[1-9]\d{1,14}$/;

export function isE164(phone: string): boolean {
  return E164.test(phone);
}
