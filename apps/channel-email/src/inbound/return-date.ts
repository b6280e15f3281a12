/**
 * Finds the date an out-of-office reply says its author is back, in English, German, French or
 * Spanish. Understood: 2026-12-01; 01.12.2026 and 1.12. (German); 01/12/2026 (day first, unless
 * the first number cannot be a month's day order, e.g. 12/31/2026); "1 December 2026",
 * "December 1, 2026", "1. Dezember", "1er décembre", "1 de diciembre de 2026". A date without a
 * year is the next such day on or after the reply. With several dates ("away from 1 to 5 March")
 * the latest is the return; a date before the reply is ignored.
 */
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'enero', 'ene'],
  ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'febrero'],
  ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr'],
  ['may', 'mai', 'mayo'],
  ['june', 'jun', 'juni', 'juin', 'junio'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre'],
  ['november', 'nov', 'novembre', 'noviembre'],
  ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic'],
];
MONTH_NAMES.forEach((names, index) => names.forEach((name) => (MONTHS[name] = index + 1)));
const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?`;

interface Found {
  year?: number;
  month: number;
  day: number;
}

const PATTERNS: { regex: RegExp; read: (m: RegExpExecArray) => Found | null }[] = [
  { regex: /\b(\d{4})-(\d{2})-(\d{2})\b/g, read: (m) => ({ year: +m[1], month: +m[2], day: +m[3] }) },
  {
    regex: /\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?!\d)/g,
    read: (m) => ({ day: +m[1], month: +m[2], ...(m[3] ? { year: fullYear(m[3]) } : {}) }),
  },
  {
    regex: /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/g,
    read: (m) => ({
      ...(+m[2] > 12 ? { month: +m[1], day: +m[2] } : { day: +m[1], month: +m[2] }),
      year: fullYear(m[3]),
    }),
  },
  {
    regex: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er|\\.)?\\s+(?:de\\s+)?${MONTH}(?:\\s+(?:de\\s+)?(\\d{4}))?`, 'giu'),
    read: (m) => ({ day: +m[1], month: MONTHS[m[2].toLowerCase()], ...(m[3] ? { year: +m[3] } : {}) }),
  },
  {
    regex: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'giu'),
    read: (m) => ({ day: +m[2], month: MONTHS[m[1].toLowerCase()], ...(m[3] ? { year: +m[3] } : {}) }),
  },
];

export function findReturnDate(text: string, receivedAt: Date): string | undefined {
  const today = isoDate(receivedAt);
  let latest: string | undefined;
  for (const { regex, read } of PATTERNS) {
    for (const match of text.matchAll(regex)) {
      const found = read(match);
      if (!found) continue;
      const date = resolve(found, receivedAt);
      if (date && date >= today && (!latest || date > latest)) latest = date;
    }
  }
  return latest;
}

function resolve(found: Found, receivedAt: Date): string | undefined {
  const { month, day } = found;
  if (!month || month > 12 || day < 1 || day > 31) return undefined;
  const year = found.year ?? receivedAt.getUTCFullYear();
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  // No year written and the day has passed this year: the author means next year.
  if (found.year === undefined && isoDate(date) < isoDate(receivedAt))
    return isoDate(new Date(Date.UTC(year + 1, month - 1, day)));
  return isoDate(date);
}

function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
