import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { timerCommandSchema, Topics, type TimerCommand } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PG_POOL, PlatformRuntime } from '@stepwise/platform';
import { collapseTimerCommands } from './collapse-timer-commands';
import { NextDueAlarm } from './next-due-alarm';
import { applyTimerWrites } from './timer.repository';

/**
 * Stores and cancels timers. Commands are keyed by enrollment, so one timer's commands arrive on
 * one partition in order and one batch holds them in offset order. The batch is collapsed to one
 * write per timer and applied in one transaction; versions and tombstones make a redelivered
 * batch a no-op, so no handled-event table is needed.
 */
@Injectable()
export class TimerCommandConsumer extends EnvelopeConsumerHost<TimerCommand> {
  constructor(
    runtime: PlatformRuntime,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly alarm: NextDueAlarm,
  ) {
    super(runtime, {
      name: 'timer-commands',
      topics: [Topics.timerCommands],
      schema: timerCommandSchema,
      // Partitions hold disjoint timers, so their batches can be written side by side; three
      // leaves room in the pool for the claim loop, the relay and housekeeping.
      tuning: { partitionsConsumedConcurrently: 3 },
    });
  }

  protected async handleBatch(messages: ConsumedMessage<TimerCommand>[]): Promise<void> {
    const writes = collapseTimerCommands(messages.map((message) => message.envelope));
    await inTransaction(this.pool, (client) => applyTimerWrites(client, writes));
    // After the commit: the claim loop may only wake for timers it can see.
    let earliest = Number.POSITIVE_INFINITY;
    for (const schedule of writes.schedules) earliest = Math.min(earliest, Date.parse(schedule.dueAt));
    if (earliest !== Number.POSITIVE_INFINITY) this.alarm.storedDueAt(earliest);
  }
}
