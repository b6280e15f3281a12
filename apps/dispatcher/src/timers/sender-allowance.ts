import type { SenderLimits, TimerAction } from '@stepwise/contracts';
import { releaseTime, type Deferral, type SpreadSettings } from './deferral';
import type { DueTimer } from './fired-message';
import { localDateOf, nextDayStart } from './send-window';

/** What one sender identity has used: the row the dispatcher keeps (and locks) per identity. */
export interface IdentityAllowance {
  identityId: string;
  /** The identity's local date that `sent` counts (YYYY-MM-DD). */
  day: string;
  sent: number;
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
 * for this transaction: a send goes while the identity is under its daily cap and its minimum
 * spacing has passed; otherwise it waits for the next day (cap) or the next free slot (spacing),
 * moved into the send window when it has one. Slots given out in one batch are spaced apart.
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
    const today = localDateOf(now, timeZone);
    // A later stored day (another instance's clock a little ahead) keeps counting that day.
    if (allowance.day < today) Object.assign(allowance, { day: today, sent: 0 });
    if (limits.dailyCap !== undefined && allowance.sent >= limits.dailyCap) {
      const until = releaseTime(nextDayStart(now, timeZone), window, spread, true);
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
    allowance.sent += 1;
    if (!allowance.lastSentAt || allowance.lastSentAt < now) allowance.lastSentAt = now;
    allotment.released.push(timer);
  }
  allotment.allowances = [...allowances.values()];
  return allotment;
}
