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

/** The start of the next local day in `timeZone`: when a daily allowance renews. */
export function nextDayStart(instant: Date, timeZone: string): Date {
  return instantOf(localTimeOf(instant, timeZone).day + 1, 0, timeZone);
}

/** The local date in `timeZone`, as the allowance table keys days. */
export function localDateOf(instant: Date, timeZone: string): string {
  const { day } = localTimeOf(instant, timeZone);
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
