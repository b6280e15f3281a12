import pino from 'pino';
import { PeriodicJob } from './periodic-job';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('never runs two passes at once, and stop waits for the one in progress', async () => {
  const seen = { inFlight: 0, most: 0, runs: 0, finished: 0 };
  const job = new PeriodicJob(
    { name: 'slow', intervalMs: 5 },
    async () => {
      seen.inFlight++;
      seen.runs++;
      seen.most = Math.max(seen.most, seen.inFlight);
      await sleep(40);
      seen.inFlight--;
      seen.finished++;
    },
    logger,
  );
  job.start();
  await sleep(100);
  await job.stop();

  expect(seen.most).toBe(1);
  expect(seen.finished).toBe(seen.runs);
  const runs = seen.runs;
  await sleep(30);
  expect(seen.runs).toBe(runs);
});

it('runs at start only when asked, and goes on after a failed pass', async () => {
  let runs = 0;
  const failing = new PeriodicJob(
    { name: 'failing', intervalMs: 20, runAtStart: true },
    async () => {
      runs++;
      throw new Error('database away');
    },
    logger,
  );
  failing.start();
  expect(runs).toBe(1);
  await sleep(50);
  await failing.stop();
  expect(runs).toBeGreaterThanOrEqual(2);

  let later = 0;
  const quiet = new PeriodicJob({ name: 'quiet', intervalMs: 1000 }, async () => void later++, logger);
  quiet.start();
  expect(later).toBe(0);
  await quiet.stop();
});
