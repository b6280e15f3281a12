import type { SendWindow } from '@stepwise/contracts';
import {
  hourStart,
  localDateOf,
  localWeekOf,
  nextDayStart,
  nextHourStart,
  nextOpening,
  nextWeekStart,
  openFor,
} from './send-window';
import { instantOf, isoWeekday, localDayOfIsoDate } from './zoned-time';

const weekdays = [1, 2, 3, 4, 5];
const everyDay = [1, 2, 3, 4, 5, 6, 7];

function window(timezone: string, overrides: Partial<SendWindow> = {}): SendWindow {
  return { timezone, days: weekdays, start: '09:00', end: '17:00', ...overrides };
}

function opening(w: SendWindow, from: string): string {
  return nextOpening(w, new Date(from)).toISOString();
}

describe('nextOpening across daylight-saving changes', () => {
  it.each([
    // Berlin springs forward on Sunday 29 March 2026 (CET +1 -> CEST +2) and falls back on 25 October.
    ['Europe/Berlin', 'a weekend that springs forward', '2026-03-27T17:00:00Z', '2026-03-30T07:00:00.000Z'],
    ['Europe/Berlin', 'a weekend that falls back', '2026-10-23T16:00:00Z', '2026-10-26T08:00:00.000Z'],
    // New York springs forward on 8 March 2026 (EST -5 -> EDT -4) and falls back on 1 November.
    ['America/New_York', 'a weekend that springs forward', '2026-03-06T23:00:00Z', '2026-03-09T13:00:00.000Z'],
    ['America/New_York', 'a weekend that falls back', '2026-10-30T22:00:00Z', '2026-11-02T14:00:00.000Z'],
  ])('%s: after Friday close over %s, Monday 09:00 local', (timezone, _label, from, expected) => {
    expect(opening(window(timezone), from)).toBe(expected);
  });

  it.each([
    ['Europe/Berlin', '2026-03-28T20:00:00Z', '2026-03-29T07:00:00.000Z'],
    ['Europe/Berlin', '2026-10-24T20:00:00Z', '2026-10-25T08:00:00.000Z'],
    ['America/New_York', '2026-03-08T01:00:00Z', '2026-03-08T13:00:00.000Z'],
    ['America/New_York', '2026-11-01T01:00:00Z', '2026-11-01T14:00:00.000Z'],
  ])('%s: on the day of the change itself, 09:00 local (from %s)', (timezone, from, expected) => {
    expect(opening(window(timezone, { days: everyDay }), from)).toBe(expected);
  });

  it('a start the clocks skip opens at the instant they jump (Berlin 02:30 on 29 March)', () => {
    const w = window('Europe/Berlin', { days: everyDay, start: '02:30', end: '05:00' });
    expect(opening(w, '2026-03-29T00:00:00Z')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('a start the clocks pass twice opens at its first occurrence (New York 01:30 on 1 November)', () => {
    const w = window('America/New_York', { days: everyDay, start: '01:30', end: '05:00' });
    expect(opening(w, '2026-11-01T03:00:00Z')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('keeps the local close across the change: open at 16:59 CEST, shut at 17:00 CEST', () => {
    const w = window('Europe/Berlin', { days: everyDay });
    expect(opening(w, '2026-03-29T14:59:00Z')).toBe('2026-03-29T14:59:00.000Z');
    expect(opening(w, '2026-03-29T15:00:00Z')).toBe('2026-03-30T07:00:00.000Z');
  });
});

describe('nextOpening', () => {
  const berlin = window('Europe/Berlin');

  it('is the instant itself while the window is open', () => {
    expect(opening(berlin, '2026-11-25T10:15:00Z')).toBe('2026-11-25T10:15:00.000Z');
  });

  it('opens later the same day before the start, and the next working day after the end', () => {
    expect(opening(berlin, '2026-11-25T06:00:00Z')).toBe('2026-11-25T08:00:00.000Z');
    expect(opening(berlin, '2026-11-25T16:00:00Z')).toBe('2026-11-26T08:00:00.000Z');
  });

  it("reads the day on the window's wall clock, not in UTC", () => {
    // 23:30 UTC on Friday is already Saturday 00:30 in Berlin: the next opening is Monday.
    expect(opening(berlin, '2026-11-27T23:30:00Z')).toBe('2026-11-30T08:00:00.000Z');
    // 03:00 UTC on Monday is still Sunday 22:00 in New York.
    expect(opening(window('America/New_York'), '2026-11-30T03:00:00Z')).toBe('2026-11-30T14:00:00.000Z');
  });

  it('skips holidays', () => {
    const w = { ...berlin, holidays: ['2026-12-24', '2026-12-25'] };
    expect(opening(w, '2026-12-23T17:00:00Z')).toBe('2026-12-28T08:00:00.000Z');
  });

  it('closes at midnight with an end of 24:00', () => {
    const w = window('UTC', { start: '20:00', end: '24:00' });
    expect(opening(w, '2026-11-25T23:59:00Z')).toBe('2026-11-25T23:59:00.000Z');
    expect(opening(w, '2026-11-26T00:00:00Z')).toBe('2026-11-26T20:00:00.000Z');
  });
});

describe('day arithmetic', () => {
  it('numbers weekdays the ISO way', () => {
    expect(isoWeekday(localDayOfIsoDate('2026-11-23'))).toBe(1); // a Monday
    expect(isoWeekday(localDayOfIsoDate('2026-11-29'))).toBe(7);
  });

  it('starts the next local day at local midnight, on both sides of a change', () => {
    expect(nextDayStart(new Date('2026-03-28T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(nextDayStart(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(nextDayStart(new Date('2026-10-31T12:00:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-11-01T04:00:00.000Z',
    );
    expect(nextDayStart(new Date('2026-11-01T12:00:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-11-02T05:00:00.000Z',
    );
  });

  it('gives the local date of an instant', () => {
    expect(localDateOf(new Date('2026-11-25T23:30:00Z'), 'Europe/Berlin')).toBe('2026-11-26');
    expect(localDateOf(new Date('2026-11-25T23:30:00Z'), 'America/New_York')).toBe('2026-11-25');
  });

  it('turns a local time into an instant in a 25-hour day', () => {
    expect(instantOf(localDayOfIsoDate('2026-10-25'), 23 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T22:00:00.000Z',
    );
  });

  it('measures how long the window stays open from an opening', () => {
    expect(openFor(window('Europe/Berlin'), new Date('2026-11-25T15:30:00Z'))).toBe(30 * 60_000);
  });
});

describe('hours and weeks of an allowance', () => {
  it('starts a clock hour where the local clock shows a full hour, half-hour zones included', () => {
    expect(hourStart(new Date('2026-11-25T10:10:05.250Z'), 'Asia/Kolkata').toISOString()).toBe(
      '2026-11-25T09:30:00.000Z',
    );
    expect(hourStart(new Date('2026-11-25T10:10:05.250Z'), 'UTC').toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });

  it('counts the hour the clocks pass twice (fall back) as two hours', () => {
    // 01:30 EDT, then 01:00 EST an hour after 01:00 EDT.
    expect(nextHourStart(new Date('2026-11-01T05:30:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-11-01T06:00:00.000Z',
    );
    expect(nextHourStart(new Date('2026-11-01T06:30:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-11-01T07:00:00.000Z',
    );
  });

  it('keys a week by its local Monday and renews it at local Monday midnight, across DST', () => {
    expect(localWeekOf(new Date('2026-11-29T23:30:00Z'), 'Europe/Berlin')).toBe('2026-11-30');
    expect(localWeekOf(new Date('2026-11-29T23:30:00Z'), 'UTC')).toBe('2026-11-23');
    expect(localWeekOf(new Date('2026-11-23T00:00:00Z'), 'UTC')).toBe('2026-11-23');
    expect(nextWeekStart(new Date('2026-03-25T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(nextWeekStart(new Date('2026-11-29T23:30:00Z'), 'UTC').toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });
});
