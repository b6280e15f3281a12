import { ConcurrencyLimit } from './bounded-concurrency';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConcurrencyLimit', () => {
  it('never runs more than the limit at once, across separate callers', async () => {
    const limit = new ConcurrencyLimit(3);
    let inFlight = 0;
    let peak = 0;
    const task = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await pause(2);
      inFlight--;
    };
    const caller = () => Promise.all(Array.from({ length: 10 }, () => limit.run(task)));
    await Promise.all([caller(), caller()]);
    expect(peak).toBe(3);
  });

  it('starts waiting tasks in arrival order', async () => {
    const limit = new ConcurrencyLimit(1);
    const started: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        limit.run(async () => {
          started.push(n);
          await pause(1);
        }),
      ),
    );
    expect(started).toEqual([1, 2, 3]);
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});
