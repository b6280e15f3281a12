import type { SenderLimits, SendWindow } from '@stepwise/contracts';
import { releaseTime } from './deferral';
import { allot, type IdentityAllowance, type LimitedTimer } from './sender-allowance';

const noSpread = { spreadMs: 0, random: () => 0 };
const now = new Date('2026-11-25T10:00:00.000Z'); // a Wednesday

function timer(id: string, limits: SenderLimits, window?: SendWindow): LimitedTimer {
  return {
    timerId: id,
    version: 1,
    tenantId: 'acme',
    key: id,
    dueAt: now,
    action: {
      kind: 'send_step',
      step: { enrollmentId: id, sequenceId: 'seq_1', stepId: 'step_1', attempt: 1 },
      delivery: {
        channel: 'sms',
        stepType: 'sms',
        sender: { identityId: limits.identityId, address: '+15550100' },
        to: '+15550199',
        variables: {},
        body: 'Hi',
      },
      limits,
      ...(window ? { window } : {}),
    },
  };
}

function fresh(identityId: string, overrides: Partial<IdentityAllowance> = {}): IdentityAllowance {
  return {
    identityId,
    day: '1970-01-01',
    sent: 0,
    hour: new Date(0),
    hourSent: 0,
    week: '1970-01-01',
    weekSent: 0,
    lastSentAt: null,
    ...overrides,
  };
}

describe('allot', () => {
  it('sends up to the daily cap and defers the rest to the start of the next day', () => {
    const limits = { identityId: 'id_1', dailyCap: 2 };
    const result = allot([timer('a', limits), timer('b', limits), timer('c', limits)], [fresh('id_1')], now, noSpread);
    expect(result.released.map((t) => t.timerId)).toEqual(['a', 'b']);
    expect(result.deferred).toEqual([
      expect.objectContaining({ reason: 'identity_limit_reached', until: new Date('2026-11-26T00:00:00.000Z') }),
    ]);
    expect(result.allowances).toEqual([
      {
        identityId: 'id_1',
        day: '2026-11-25',
        sent: 2,
        hour: now,
        hourSent: 2,
        week: '2026-11-23',
        weekSent: 2,
        lastSentAt: now,
      },
    ]);
  });

  it('counts on from what the identity already sent today, and starts again on a new day', () => {
    const limits = { identityId: 'id_1', dailyCap: 2 };
    const today = allot([timer('a', limits)], [fresh('id_1', { day: '2026-11-25', sent: 2 })], now, noSpread);
    expect(today.released).toEqual([]);
    const yesterday = allot([timer('a', limits)], [fresh('id_1', { day: '2026-11-24', sent: 2 })], now, noSpread);
    expect(yesterday.released).toHaveLength(1);
  });

  it("starts the identity's day in its own time zone", () => {
    const limits = { identityId: 'id_1', dailyCap: 1, timezone: 'America/New_York' };
    const result = allot([timer('a', limits), timer('b', limits)], [fresh('id_1')], now, noSpread);
    expect(result.allowances[0]?.day).toBe('2026-11-25');
    expect(result.deferred[0]?.until).toEqual(new Date('2026-11-26T05:00:00.000Z'));
  });

  it('sends up to the hourly cap and defers the rest to the next local clock hour', () => {
    const limits = { identityId: 'id_1', hourlyCap: 2, timezone: 'Asia/Kolkata' }; // hours start at :30 UTC
    const at = new Date('2026-11-25T10:10:00.000Z');
    const result = allot([timer('a', limits), timer('b', limits), timer('c', limits)], [fresh('id_1')], at, noSpread);
    expect(result.released.map((t) => t.timerId)).toEqual(['a', 'b']);
    expect(result.deferred).toEqual([
      expect.objectContaining({ reason: 'identity_limit_reached', until: new Date('2026-11-25T10:30:00.000Z') }),
    ]);
    expect(result.allowances[0]).toMatchObject({ hour: new Date('2026-11-25T09:30:00.000Z'), hourSent: 2 });
  });

  it('counts on from what the identity sent this hour, and starts again in the next one', () => {
    const limits = { identityId: 'id_1', hourlyCap: 2 };
    const thisHour = fresh('id_1', { hour: new Date('2026-11-25T10:00:00.000Z'), hourSent: 2 });
    expect(allot([timer('a', limits)], [thisHour], now, noSpread).released).toEqual([]);
    const lastHour = fresh('id_1', { hour: new Date('2026-11-25T09:00:00.000Z'), hourSent: 2 });
    expect(allot([timer('a', limits)], [lastHour], now, noSpread).released).toHaveLength(1);
  });

  it('defers past the weekly cap to Monday, the start of the next local ISO week', () => {
    const limits = { identityId: 'id_1', weeklyCap: 3, timezone: 'America/New_York' };
    const usedThisWeek = fresh('id_1', { week: '2026-11-23', weekSent: 2 });
    const result = allot([timer('a', limits), timer('b', limits)], [usedThisWeek], now, noSpread);
    expect(result.released.map((t) => t.timerId)).toEqual(['a']);
    expect(result.deferred[0]?.until).toEqual(new Date('2026-11-30T05:00:00.000Z'));
    expect(result.allowances[0]).toMatchObject({ week: '2026-11-23', weekSent: 3 });
  });

  it('starts the weekly count again in a new week, counting across the days of one week', () => {
    const limits = { identityId: 'id_1', weeklyCap: 2, dailyCap: 10 };
    const lastWeek = fresh('id_1', { day: '2026-11-20', sent: 2, week: '2026-11-16', weekSent: 2 });
    expect(allot([timer('a', limits)], [lastWeek], now, noSpread).released).toHaveLength(1);
    const earlierThisWeek = fresh('id_1', { day: '2026-11-24', sent: 2, week: '2026-11-23', weekSent: 2 });
    expect(allot([timer('a', limits)], [earlierThisWeek], now, noSpread).released).toEqual([]);
  });

  it('waits until every cap it reached renews', () => {
    const limits = { identityId: 'id_1', hourlyCap: 1, dailyCap: 1, weeklyCap: 5 };
    const result = allot([timer('a', limits), timer('b', limits)], [fresh('id_1')], now, noSpread);
    expect(result.released.map((t) => t.timerId)).toEqual(['a']);
    expect(result.deferred[0]?.until).toEqual(new Date('2026-11-26T00:00:00.000Z'));
  });

  it('keeps the minimum spacing, giving held-back sends successive slots', () => {
    const limits = { identityId: 'id_1', minSpacingSeconds: 60 };
    const lastSentAt = new Date(now.getTime() - 30_000);
    const result = allot([timer('a', limits), timer('b', limits)], [fresh('id_1', { lastSentAt })], now, noSpread);
    expect(result.released).toEqual([]);
    expect(result.deferred.map((d) => d.until.toISOString())).toEqual([
      '2026-11-25T10:00:30.000Z',
      '2026-11-25T10:01:30.000Z',
    ]);
  });

  it('sends once the spacing has passed, then holds the next one back', () => {
    const limits = { identityId: 'id_1', minSpacingSeconds: 60 };
    const result = allot([timer('a', limits), timer('b', limits)], [fresh('id_1')], now, noSpread);
    expect(result.released.map((t) => t.timerId)).toEqual(['a']);
    expect(result.deferred[0]?.until).toEqual(new Date('2026-11-25T10:01:00.000Z'));
  });

  it('without a spacing, sends even when the last send is stamped after this batch read its clock', () => {
    const lastSentAt = new Date(now.getTime() + 5);
    const result = allot(
      [timer('a', { identityId: 'id_1', dailyCap: 5 })],
      [fresh('id_1', { lastSentAt })],
      now,
      noSpread,
    );
    expect(result.released).toHaveLength(1);
    expect(result.allowances[0]?.lastSentAt).toEqual(lastSentAt);
  });

  it("moves a deferral for the cap into the send's window", () => {
    const limits = { identityId: 'id_1', dailyCap: 0 };
    const window: SendWindow = { timezone: 'UTC', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
    const result = allot([timer('a', limits, window)], [fresh('id_1')], now, noSpread);
    expect(result.deferred[0]?.until).toEqual(new Date('2026-11-26T09:00:00.000Z'));
  });

  it('keeps identities apart', () => {
    const result = allot(
      [timer('a', { identityId: 'id_1', dailyCap: 1 }), timer('b', { identityId: 'id_2', dailyCap: 1 })],
      [fresh('id_1'), fresh('id_2')],
      now,
      noSpread,
    );
    expect(result.released).toHaveLength(2);
  });
});

describe('releaseTime', () => {
  const window: SendWindow = { timezone: 'UTC', days: [1, 2, 3, 4, 5], start: '09:00', end: '09:02' };

  it('spreads a release at an opening over the spread, but not past the close', () => {
    const spread = { spreadMs: 300_000, random: () => 0.999 };
    const until = releaseTime(new Date('2026-11-25T18:00:00Z'), window, spread, true);
    expect(until.getTime()).toBeGreaterThan(new Date('2026-11-26T09:01:00Z').getTime());
    expect(until.getTime()).toBeLessThan(new Date('2026-11-26T09:02:00Z').getTime());
  });

  it('keeps a slot that is inside the window as it is', () => {
    const slot = new Date('2026-11-25T09:01:00Z');
    expect(releaseTime(slot, window, { spreadMs: 300_000, random: () => 0.5 }, false)).toEqual(slot);
  });
});
