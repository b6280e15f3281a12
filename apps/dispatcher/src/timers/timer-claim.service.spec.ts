import pino from 'pino';
import type { FireDueTimers } from './fire-due-timers';
import { NextDueAlarm } from './next-due-alarm';
import { TimerClaimService } from './timer-claim.service';

/** Stands in for the use case: each batch is full and takes a while, like one waiting for acks. */
function slowFullBatches(batchSize: number) {
  const seen = { inFlight: 0, mostInFlight: 0, batches: 0 };
  const fireDue = {
    fireBatch: async () => {
      seen.inFlight++;
      seen.mostInFlight = Math.max(seen.mostInFlight, seen.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.inFlight--;
      seen.batches++;
      return batchSize;
    },
  } as unknown as FireDueTimers;
  return { fireDue, seen };
}

const logger = pino({ level: 'silent' });

it('keeps as many batches in flight as configured, and none after stop', async () => {
  const { fireDue, seen } = slowFullBatches(10);
  const service = new TimerClaimService(
    fireDue,
    { batchSize: 10, idlePollMs: 5, maxIdleMs: 1000, concurrentBatches: 3 },
    logger,
  );
  service.start();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await service.stop();

  expect(seen.mostInFlight).toBe(3);
  expect(seen.inFlight).toBe(0);
  const batches = seen.batches;
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(seen.batches).toBe(batches);
});

it('runs one batch at a time by default', async () => {
  const { fireDue, seen } = slowFullBatches(10);
  const service = new TimerClaimService(fireDue, { batchSize: 10, idlePollMs: 5, maxIdleMs: 1000 }, logger);
  service.start();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await service.stop();

  expect(seen.mostInFlight).toBe(1);
});

/** Stands in for a quiet table: every claim finds nothing, and the next timer is due at `nextDue()`. */
function quietTable(nextDue: () => number | null) {
  const claims: number[] = [];
  const fireDue = {
    fireBatch: async () => {
      claims.push(Date.now());
      return 0;
    },
    nextDueAt: async () => nextDue(),
  } as unknown as FireDueTimers;
  return { fireDue, claims };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('sleeps while nothing is due instead of polling every idle poll', async () => {
  const { fireDue, claims } = quietTable(() => null);
  const service = new TimerClaimService(
    fireDue,
    { batchSize: 10, idlePollMs: 5, maxIdleMs: 400, concurrentBatches: 3 },
    logger,
  );
  service.start();
  await sleep(300);
  await service.stop();

  // One claim per lane at start; polling every 5 ms would have made about 180.
  expect(claims).toHaveLength(3);
});

it('wakes when the next stored timer is due', async () => {
  const dueAt = Date.now() + 120;
  const { fireDue, claims } = quietTable(() => (Date.now() < dueAt ? dueAt : null));
  const service = new TimerClaimService(fireDue, { batchSize: 10, idlePollMs: 5, maxIdleMs: 5000 }, logger);
  service.start();
  await sleep(300);
  await service.stop();

  expect(claims).toHaveLength(2);
  expect(claims[1]).toBeGreaterThanOrEqual(dueAt);
  expect((claims[1] as number) - dueAt).toBeLessThan(60);
});

it('wakes early for a timer stored due sooner, but not before the idle poll', async () => {
  const { fireDue, claims } = quietTable(() => null);
  const alarm = new NextDueAlarm();
  const service = new TimerClaimService(fireDue, { batchSize: 10, idlePollMs: 50, maxIdleMs: 5000 }, logger, alarm);
  service.start();
  await sleep(10);
  const storedAt = Date.now();
  alarm.storedDueAt(storedAt - 1000);
  await sleep(150);
  await service.stop();

  expect(claims).toHaveLength(2);
  // Due long ago, but the loop keeps its idle poll after the first claim.
  expect((claims[1] as number) - (claims[0] as number)).toBeGreaterThanOrEqual(49);
  expect((claims[1] as number) - storedAt).toBeLessThan(100);
});

it('keeps a timer stored between two waits for the next wait', async () => {
  const alarm = new NextDueAlarm();
  const controller = new AbortController();
  alarm.storedDueAt(Date.now() + 30);
  const started = Date.now();
  await alarm.wait(Date.now() + 5000, 0, controller.signal);
  expect(Date.now() - started).toBeLessThan(1000);
});
