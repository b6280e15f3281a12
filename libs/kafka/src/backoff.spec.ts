import { backoffDelay, sleep } from './backoff';

const policy = { attempts: 6, initialMs: 100, maxMs: 1_000 };

describe('backoffDelay', () => {
  it('doubles from the initial delay, between half and all of it', () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, () => 1))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum, however many retries came before', () => {
    expect(backoffDelay(5, policy, () => 1)).toBe(1_000);
    expect(backoffDelay(60, policy, () => 1)).toBe(1_000);
    expect(backoffDelay(60, policy, () => 0)).toBe(500);
  });

  it('spreads retries with jitter', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, policy)));
    expect(delays.size).toBeGreaterThan(5);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });
});

describe('sleep', () => {
  it('returns early when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await sleep(5_000, controller.signal);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
