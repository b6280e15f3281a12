import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';

/**
 * Phone numbers as the numbering plans define them (libphonenumber's full metadata): a number is
 * accepted when it is valid in its country's plan, and stored in E.164.
 */
export function toE164(value: string): string | null {
  const parsed = parsePhoneNumberFromString(value);
  return parsed?.isValid() ? parsed.number : null;
}

/** Types that cannot receive a text message: sending to them is refused before any provider is billed. */
const NOT_TEXTABLE: ReadonlySet<NumberType> = new Set([
  'FIXED_LINE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'UAN',
  'VOICEMAIL',
  'PAGER',
]);

const TYPE_NAMES: Partial<Record<NonNullable<NumberType>, string>> = {
  FIXED_LINE: 'a landline',
  TOLL_FREE: 'a toll-free number',
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  UAN: 'a universal access number',
  VOICEMAIL: 'a voicemail access number',
  PAGER: 'a pager number',
};

/**
 * Why an SMS cannot go to this number, or null when it can. Numbers whose plan cannot tell mobile
 * from fixed (the North American plan: FIXED_LINE_OR_MOBILE) are given the benefit of the doubt.
 */
export function whyNotTextable(value: string): string | null {
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed?.isValid()) return `${value} is not a valid phone number`;
  const type = parsed.getType();
  if (type && NOT_TEXTABLE.has(type)) return `${parsed.number} is ${TYPE_NAMES[type] ?? type}: it cannot receive SMS`;
  return null;
}
