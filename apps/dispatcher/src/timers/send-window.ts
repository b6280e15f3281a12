import type { SendWindow } from '@stepwise/contracts';
import { instantOf, isoWeekday, localDayOfIsoDate, localTimeOf, type LocalDay } from './zoned-time';

/** A window can be closed for long stretches (holidays), but not for more than a year. */
const HORIZON_DAYS = 400;

function minutesOf(clock: string): number {
  const [hours = 0, minutes = 0] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The instants the window is open on one local day, or null when it stays shut that day. */
function openingOn(window: SendWindow, day: LocalDay, holidays: Set<LocalDay>): { opens: Date; closes: Date } | null {
  if (!window.days.includes(isoWeekday(day)) || holidays.has(day)) return null;
  const opens = instantOf(day, minutesOf(window.start), window.timezone);
  const closes = instantOf(day, minutesOf(window.end), window.timezone);
  // Both ends inside one skipped hour: the clocks never show a time in between that day.
  return opens < closes ? { opens, closes } : null;
}

/**
 * The first instant at or after `from` at which the window is open: `from` itself when it is
 * open now. Days and hours are read on the wall clock of the window's zone, so a window keeps its
 * local hours across daylight-saving changes. Past the horizon (a window shut for over a year),
 * the horizon itself: the timer is looked at again then.
 */
export function nextOpening(window: SendWindow, from: Date): Date {
  const holidays = new Set((window.holidays ?? []).map(localDayOfIsoDate));
  const today = localTimeOf(from, window.timezone).day;
  for (let day = today; day <= today + HORIZON_DAYS; day++) {
    const opening = openingOn(window, day, holidays);
    if (opening && from < opening.closes) return opening.opens > from ? opening.opens : from;
  }
  return instantOf(today + HORIZON_DAYS, 0, window.timezone);
}

/** How long the window stays open from `opensAt` on; bounds the spread so a deferral lands inside it. */
export function openFor(window: SendWindow, opensAt: Date): number {
  const { day } = localTimeOf(opensAt, window.timezone);
  const closes = instantOf(day, minutesOf(window.end), window.timezone);
  return Math.max(0, closes.getTime() - opensAt.getTime());
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * The instant the local clock hour of `instant` began in `timeZone`. Offsets are whole minutes, so
 * the local seconds equal the UTC ones; an hour the clocks pass twice (fall back) is two hours.
 */
export function hourStart(instant: Date, timeZone: string): Date {
  const { minute } = localTimeOf(instant, timeZone);
  return new Date(instant.getTime() - (minute % 60) * MINUTE_MS - (instant.getTime() % MINUTE_MS));
}

/** The start of the next local clock hour: when an hourly allowance renews. */
export function nextHourStart(instant: Date, timeZone: string): Date {
  return new Date(hourStart(instant, timeZone).getTime() + HOUR_MS);
}

/** The local date of the Monday that starts the ISO week of `instant` in `timeZone`. */
export function localWeekOf(instant: Date, timeZone: string): string {
  return isoDateOf(mondayOf(localTimeOf(instant, timeZone).day));
}

/** The start of the next local ISO week (Monday 00:00) in `timeZone`: when a weekly allowance renews. */
export function nextWeekStart(instant: Date, timeZone: string): Date {
  return instantOf(mondayOf(localTimeOf(instant, timeZone).day) + 7, 0, timeZone);
}

function mondayOf(day: LocalDay): LocalDay {
  return day - (isoWeekday(day) - 1);
}

function isoDateOf(day: LocalDay): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The start of the next local day in `timeZone`: when a daily allowance renews. */
export function nextDayStart(instant: Date, timeZone: string): Date {
  return instantOf(localTimeOf(instant, timeZone).day + 1, 0, timeZone);
}

/** The local date in `timeZone`, as the allowance table keys days. */
export function localDateOf(instant: Date, timeZone: string): string {
  return isoDateOf(localTimeOf(instant, timeZone).day);
}
