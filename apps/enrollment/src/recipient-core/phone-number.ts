import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';

/**
 * Phone numbers as the numbering plans define them (libphonenumber's full metadata): a number is
 * accepted when its country code is known and its length is possible in that country's plan, and
 * stored in E.164. Whether the plan assigns it is left to the send (whyNotTextable) and the provider:
 * plans change faster than a library release, and refusing a real new range would lose a candidate.
 */
export function toE164(value: string): string | null {
  const parsed = parsePhoneNumberFromString(value);
  return parsed?.isPossible() ? parsed.number : null;
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
 * Why an SMS cannot go to this number, or null when it can. Refused: what is no phone number at all,
 * and numbers the plan assigns to a type that cannot receive texts (a landline). Numbers whose plan
 * cannot tell mobile from fixed (the North American plan: FIXED_LINE_OR_MOBILE), or whose range the
 * metadata does not know, are given the benefit of the doubt: the provider decides.
 */
export function whyNotTextable(value: string): string | null {
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed?.isPossible()) return `${value} is not a valid phone number`;
  if (!parsed.isValid()) return null;
  const type = parsed.getType();
  if (type && NOT_TEXTABLE.has(type)) return `${parsed.number} is ${TYPE_NAMES[type] ?? type}: it cannot receive SMS`;
  return null;
}
