import pino from 'pino';
import type { FireDueTimers } from './fire-due-timers';
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
  const service = new TimerClaimService(fireDue, { batchSize: 10, idlePollMs: 5, concurrentBatches: 3 }, logger);
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
  const service = new TimerClaimService(fireDue, { batchSize: 10, idlePollMs: 5 }, logger);
  service.start();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await service.stop();

  expect(seen.mostInFlight).toBe(1);
});
