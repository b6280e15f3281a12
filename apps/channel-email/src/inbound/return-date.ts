import * as chrono from 'chrono-node';

/**
 * The first day an out-of-office author can be written to again. Dates are read with chrono-node
 * in every language it knows (relative ones, "back on Monday", "next week", resolved against the
 * time the reply was received), plus the numeric and Polish forms it does not read. A range
 * ("July 10-31") and a date after "until" ("bis zum", "jusqu'au", "hasta", "fino al", "até",
 * "tot", "do", "まで") mean the author is away through that day, so the sequence resumes the day
 * after; a date after "back on" is the day itself. With several dates the latest wins; a date
 * before the reply is ignored.
 */
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ['january', 'jan', 'januar', 'jänner', 'janvier', 'janv', 'enero', 'ene', 'stycznia', 'styczeń'],
  ['february', 'feb', 'februar', 'février', 'fevrier', 'févr', 'febrero', 'lutego', 'luty'],
  ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo', 'marca', 'marzec'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'kwietnia', 'kwiecień'],
  ['may', 'mai', 'mayo', 'maja', 'maj'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'czerwca', 'czerwiec'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'lipca', 'lipiec'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'sierpnia', 'sierpień'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'września', 'wrzesień'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'października', 'październik'],
  ['november', 'nov', 'novembre', 'noviembre', 'listopada', 'listopad'],
  ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'diciembre', 'dic', 'grudnia', 'grudzień'],
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

const PARSERS = [chrono.en, chrono.de, chrono.fr, chrono.es, chrono.it, chrono.pt, chrono.nl, chrono.ru];
/** Japanese and Chinese parsers read "03/12" month first: they only see text written in those scripts. */
const CJK_PARSERS = [chrono.ja, chrono.zh];
const CJK = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** Words before a date that make it the last day away. */
const UNTIL_BEFORE =
  /(?:until|till|til|through|thru|to|bis(?: zum| einschließlich| einschl\.)?|jusqu[’']?(?:au|à)|au|hasta(?: el)?|fino al?|al|até|tot(?: en met)?|t\/m|do|dnia|till och med|t\.o\.m\.|по|[-–—])\s*(?:the\s+|le\s+|el\s+|il\s+|dem\s+|den\s+)?$/i;
/** Words after a date that make it the last day away (Japanese and Chinese put them there). */
const UNTIL_AFTER = /^\s*(?:まで|迄|为止|為止|inclusive|einschließlich|inclus)/i;

export function findReturnDate(text: string, receivedAt: Date): string | undefined {
  const today = isoDate(receivedAt);
  let latest: string | undefined;
  const consider = (date: string | undefined) => {
    if (date && date >= today && (!latest || date > latest)) latest = date;
  };
  for (const parser of CJK.test(text) ? CJK_PARSERS : PARSERS) {
    for (const result of parser.parse(text, receivedAt)) {
      const before = text.slice(Math.max(0, result.index - 30), result.index);
      const after = text.slice(result.index + result.text.length, result.index + result.text.length + 10);
      if (result.end) {
        consider(nextDay(ahead(result.end, receivedAt)));
        continue;
      }
      const day = ahead(result.start, receivedAt);
      consider(UNTIL_BEFORE.test(before) || UNTIL_AFTER.test(after) ? nextDay(day) : day);
    }
  }
  for (const { regex, read } of PATTERNS) {
    for (const match of text.matchAll(regex)) {
      const found = read(match);
      if (!found) continue;
      const date = resolve(found, receivedAt);
      const before = text.slice(Math.max(0, (match.index ?? 0) - 30), match.index);
      consider(date && UNTIL_BEFORE.test(before) ? nextDay(date) : date);
    }
  }
  return latest;
}

/** A date chrono read without a year (or only a weekday) that has passed means the next one. */
function ahead(component: chrono.ParsedComponents, receivedAt: Date): string {
  const date = component.date();
  const iso = isoDate(date);
  if (iso >= isoDate(receivedAt) || component.isCertain('year')) return iso;
  if (component.isCertain('month')) {
    return isoDate(new Date(Date.UTC(date.getUTCFullYear() + 1, date.getUTCMonth(), date.getUTCDate())));
  }
  return isoDate(new Date(date.getTime() + 7 * 86_400_000));
}

function nextDay(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  return isoDate(new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000));
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
