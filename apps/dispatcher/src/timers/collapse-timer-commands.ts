import type { TimerAction, TimerCommand } from '@stepwise/contracts';

/** A timer to store unless the database already holds an equal or higher version (or tombstone). */
export interface TimerSchedule {
  timerId: string;
  version: number;
  tenantId: string;
  key: string;
  dueAt: string;
  action: TimerAction;
}

/** Remove the timer if its version is <= this one, and never accept a schedule <= it again. */
export interface TimerCancel {
  timerId: string;
  version: number;
}

export interface TimerWrites {
  cancels: TimerCancel[];
  schedules: TimerSchedule[];
}

/**
 * Reduces a batch of commands to at most one cancel and one schedule per timer, with the same
 * outcome as applying them one by one in offset order. That outcome depends only on the highest
 * cancel and the highest schedule: a schedule wins only over a lower stored version, so among
 * schedules of the highest version the first in offset order is the one that stays; a cancel of
 * version V beats every schedule <= V whichever came first. Collapsing first lets the SQL be one
 * multi-row statement per kind, in which a timer id may appear only once.
 */
export function collapseTimerCommands(commands: readonly TimerCommand[]): TimerWrites {
  const cancels = new Map<string, TimerCancel>();
  const schedules = new Map<string, TimerSchedule>();
  for (const command of commands) {
    const { timerId, version } = command.payload;
    if (command.type === 'timer.cancelled') {
      const seen = cancels.get(timerId);
      if (!seen || seen.version < version) cancels.set(timerId, { timerId, version });
      continue;
    }
    const seen = schedules.get(timerId);
    if (!seen || seen.version < version) {
      schedules.set(timerId, {
        timerId,
        version,
        tenantId: command.tenantId,
        key: command.key,
        dueAt: command.payload.dueAt,
        action: command.payload.action,
      });
    }
  }
  const live = [...schedules.values()].filter((s) => (cancels.get(s.timerId)?.version ?? 0) < s.version);
  return { cancels: [...cancels.values()], schedules: live };
}
