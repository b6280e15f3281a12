import type { SendWindow } from '@stepwise/contracts';
import type { DueTimer } from './fired-message';
import { nextOpening, openFor } from './send-window';

export type DeferralReason = 'outside_working_hours' | 'identity_limit_reached';

/** A due send step held back: the same timer (same version) is due again at `until`. */
export interface Deferral {
  timer: DueTimer;
  reason: DeferralReason;
  until: Date;
}

export interface SpreadSettings {
  /** Up to how long after an opening a deferred send is released, so one mailbox does not burst. */
  spreadMs: number;
  /** Uniform in [0, 1); replaceable in tests. */
  random: () => number;
}

/**
 * When a send held back until `target` may go: the window's next opening at or after it. A send
 * released by an opening (the window opens, `spreadAlways`: a new day's allowance) lands at a
 * random point of the first `spreadMs`, never past the window's close that day.
 */
export function releaseTime(
  target: Date,
  window: SendWindow | undefined,
  spread: SpreadSettings,
  spreadAlways: boolean,
): Date {
  const opens = window ? nextOpening(window, target) : target;
  if (!spreadAlways && opens.getTime() === target.getTime()) return target;
  const room = Math.min(spread.spreadMs, window ? openFor(window, opens) : spread.spreadMs);
  return new Date(opens.getTime() + Math.floor(spread.random() * room));
}
