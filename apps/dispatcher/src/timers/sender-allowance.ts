import type { SenderLimits, TimerAction } from '@stepwise/contracts';
import { releaseTime, type Deferral, type SpreadSettings } from './deferral';
import type { DueTimer } from './fired-message';
import { hourStart, localDateOf, localWeekOf, nextDayStart, nextHourStart, nextWeekStart } from './send-window';

/** What one sender identity has used: the row the dispatcher keeps (and locks) per identity. */
export interface IdentityAllowance {
  identityId: string;
  /** The identity's local date that `sent` counts (YYYY-MM-DD). */
  day: string;
  sent: number;
  /** The instant the identity's local clock hour that `hourSent` counts began. */
  hour: Date;
  hourSent: number;
  /** The local date of the Monday of the ISO week that `weekSent` counts (YYYY-MM-DD). */
  week: string;
  weekSent: number;
  lastSentAt: Date | null;
}

type SendStepAction = Extract<TimerAction, { kind: 'send_step' }>;
export type LimitedTimer = DueTimer & { action: SendStepAction & { limits: SenderLimits } };

export function isLimited(timer: DueTimer): timer is LimitedTimer {
  return timer.action.kind === 'send_step' && timer.action.limits !== undefined;
}

export interface Allotment {
  released: LimitedTimer[];
  deferred: Deferral[];
  /** The allowances after this batch's sends, to be written back in the same transaction. */
  allowances: IdentityAllowance[];
}

/**
 * Decides which due sends their identities may make now, in due order, from allowances locked
 * for this transaction: a send goes while the identity is under its hourly, daily and weekly caps
 * and its minimum spacing has passed; otherwise it waits until every cap it reached renews (the
 * next local hour, day or week) or for the next free slot (spacing), moved into the send window
 * when it has one. Slots given out in one batch are spaced apart.
 */
export function allot(
  timers: readonly LimitedTimer[],
  locked: readonly IdentityAllowance[],
  now: Date,
  spread: SpreadSettings,
): Allotment {
  const allowances = new Map(locked.map((a) => [a.identityId, { ...a }]));
  const nextSlot = new Map<string, number>();
  const allotment: Allotment = { released: [], deferred: [], allowances: [] };
  for (const timer of timers) {
    const { limits, window } = timer.action;
    const allowance = allowances.get(limits.identityId);
    if (!allowance) throw new Error(`allowance of identity ${limits.identityId} was not locked`);
    const timeZone = limits.timezone ?? 'UTC';
    rollOver(allowance, now, timeZone);
    const renews = capsRenewAt(allowance, limits, now, timeZone);
    if (renews) {
      const until = releaseTime(renews, window, spread, true);
      allotment.deferred.push({ timer, reason: 'identity_limit_reached', until });
      continue;
    }
    const spacingMs = (limits.minSpacingSeconds ?? 0) * 1000;
    const free = allowance.lastSentAt ? allowance.lastSentAt.getTime() + spacingMs : 0;
    // `now` was read before the lock was granted, so it may be behind the last send it waited for.
    if (spacingMs > 0 && now.getTime() < free) {
      const slot = nextSlot.get(limits.identityId) ?? free;
      nextSlot.set(limits.identityId, slot + spacingMs);
      const until = releaseTime(new Date(slot), window, spread, false);
      allotment.deferred.push({ timer, reason: 'identity_limit_reached', until });
      continue;
    }
    allowance.hourSent += 1;
    allowance.sent += 1;
    allowance.weekSent += 1;
    if (!allowance.lastSentAt || allowance.lastSentAt < now) allowance.lastSentAt = now;
    allotment.released.push(timer);
  }
  allotment.allowances = [...allowances.values()];
  return allotment;
}

/**
 * Starts the counts of a new local hour, day or week. A later stored one (another instance's
 * clock a little ahead) keeps counting that period.
 */
function rollOver(allowance: IdentityAllowance, now: Date, timeZone: string): void {
  const hour = hourStart(now, timeZone);
  if (allowance.hour < hour) Object.assign(allowance, { hour, hourSent: 0 });
  const day = localDateOf(now, timeZone);
  if (allowance.day < day) Object.assign(allowance, { day, sent: 0 });
  const week = localWeekOf(now, timeZone);
  if (allowance.week < week) Object.assign(allowance, { week, weekSent: 0 });
}

/** When every cap the identity has reached renews; null while it is under all of them. */
function capsRenewAt(allowance: IdentityAllowance, limits: SenderLimits, now: Date, timeZone: string): Date | null {
  const caps = [
    { cap: limits.hourlyCap, used: allowance.hourSent, renewal: nextHourStart },
    { cap: limits.dailyCap, used: allowance.sent, renewal: nextDayStart },
    { cap: limits.weeklyCap, used: allowance.weekSent, renewal: nextWeekStart },
  ];
  let renews: Date | null = null;
  for (const { cap, used, renewal } of caps) {
    if (cap === undefined || used < cap) continue;
    const at = renewal(now, timeZone);
    if (!renews || at > renews) renews = at;
  }
  return renews;
}
