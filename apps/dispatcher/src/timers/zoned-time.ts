/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl: the offset of a zone at an
 * instant is read from Intl, and a local time is turned back into an instant by trying the
 * offsets in force a day before and a day after (no zone changes its offset twice within two days).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A calendar date with no zone: days since 1970-01-01 make date arithmetic plain integer steps. */
export type LocalDay = number;

export interface LocalTime {
  day: LocalDay;
  /** Minutes since local midnight. */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local wall clock at `instant`, expressed as if it were UTC milliseconds. */
function wallClockMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (instant % 1000);
}

/** Local minus UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  return wallClockMs(instant, timeZone) - instant;
}

export function localTimeOf(instant: Date, timeZone: string): LocalTime {
  const wall = wallClockMs(instant.getTime(), timeZone);
  const day = Math.floor(wall / DAY_MS);
  return { day, minute: Math.floor((wall - day * DAY_MS) / MINUTE_MS) };
}

/** ISO weekday of a local day: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: LocalDay): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function localDayOfIsoDate(date: string): LocalDay {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/**
 * The first instant at which the local clock shows `minute` (may be 24 * 60) on `day` or later.
 * A time the clocks skip (spring forward) gives the instant they jump; a time they pass twice
 * (fall back) gives its first occurrence.
 */
export function instantOf(day: LocalDay, minute: number, timeZone: string): Date {
  const wall = day * DAY_MS + minute * MINUTE_MS;
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const fits = [wall - before, wall - after].filter((candidate) => wallClockMs(candidate, timeZone) === wall);
  if (fits.length > 0) return new Date(Math.min(...fits));
  // In the gap: the jump lies between the two readings; offsets change on whole minutes.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE_MS)) * MINUTE_MS;
    if (offsetAt(mid, timeZone) === after) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}
