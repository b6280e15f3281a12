import type { PoolClient } from 'pg';
import type { SendWindow } from '@stepwise/contracts';
import { releaseTime, type Deferral, type SpreadSettings } from './deferral';
import { isGated, type ClaimedTimer, type DueTimer } from './fired-message';
import { lockAllowances, saveAllowances } from './identity-allowance.repository';
import { allot, isLimited } from './sender-allowance';
import { nextOpening } from './send-window';
import { deferClaimedTimers, deleteClaimedTimers } from './timer.repository';

type Queryable = Pick<PoolClient, 'query'>;

export interface GateResult {
  /** Timers to fire now, in due order. */
  released: ClaimedTimer[];
  deferred: Deferral[];
}

function windowOf(timer: DueTimer): SendWindow | undefined {
  return timer.action.kind === 'send_step' ? timer.action.window : undefined;
}

/**
 * Holds back the gated sends of a claimed batch, in the claim's transaction: first those outside
 * their window (they wait for its next opening), then those over their identity's limits (they
 * wait for the next allowance). Held-back timers are moved in place; the rest are deleted, as the
 * claim does for ungated ones.
 */
export class SendGate {
  constructor(private readonly spread: SpreadSettings) {}

  async pass(client: Queryable, claimed: readonly ClaimedTimer[], now: Date): Promise<GateResult> {
    const gated = claimed.filter(isGated);
    if (gated.length === 0) return { released: [...claimed], deferred: [] };

    const deferred: Deferral[] = [];
    const inWindow: DueTimer[] = [];
    for (const timer of gated) {
      const window = windowOf(timer);
      if (window && nextOpening(window, now).getTime() !== now.getTime()) {
        const until = releaseTime(now, window, this.spread, true);
        deferred.push({ timer, reason: 'outside_working_hours', until });
        continue;
      }
      inWindow.push(timer);
    }

    const limited = inWindow.filter(isLimited);
    const held = new Set<ClaimedTimer>(deferred.map((d) => d.timer as ClaimedTimer));
    if (limited.length > 0) {
      const locked = await lockAllowances(
        client,
        limited.map((timer) => timer.action.limits.identityId),
      );
      const allotment = allot(limited, locked, now, this.spread);
      await saveAllowances(client, allotment.allowances);
      deferred.push(...allotment.deferred);
      for (const deferral of allotment.deferred) held.add(deferral.timer as ClaimedTimer);
    }

    await deleteClaimedTimers(
      client,
      gated.filter((timer) => !held.has(timer)).map((timer) => timer.timerId),
    );
    await deferClaimedTimers(client, deferred);
    return { released: claimed.filter((timer) => !held.has(timer)), deferred };
  }
}
