import { runWithRetry, type RetryHooks } from './retry';

const policy = { attempts: 4, initialMs: 1, maxMs: 5 };

function hooks(overrides: Partial<RetryHooks> = {}): RetryHooks {
  return { shouldContinue: () => true, heartbeat: async () => undefined, ...overrides };
}

describe('runWithRetry', () => {
  it('retries a failing attempt until it succeeds', async () => {
    let calls = 0;
    const retries: number[] = [];
    const outcome = await runWithRetry(
      async () => {
        if (++calls < 3) throw new Error('transient');
      },
      policy,
      hooks({ onRetry: (retry) => retries.push(retry) }),
    );
    expect(outcome).toEqual({ status: 'ok' });
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('gives up after the configured number of attempts with the last error', async () => {
    let calls = 0;
    const outcome = await runWithRetry(
      async () => {
        throw new Error(`fail ${++calls}`);
      },
      policy,
      hooks(),
    );
    expect(calls).toBe(4);
    expect(outcome).toEqual({ status: 'failed', error: new Error('fail 4') });
  });

  it('stops retrying once the consumer is stopping, without another attempt', async () => {
    let calls = 0;
    let running = true;
    const outcome = await runWithRetry(
      async () => {
        calls++;
        running = false;
        throw new Error('down');
      },
      policy,
      hooks({ shouldContinue: () => running }),
    );
    expect(outcome).toEqual({ status: 'aborted' });
    expect(calls).toBe(1);
  });

  it('heartbeats while waiting out a long backoff', async () => {
    let beats = 0;
    let calls = 0;
    await runWithRetry(
      async () => {
        if (++calls < 2) throw new Error('slow');
      },
      { attempts: 2, initialMs: 1_500, maxMs: 1_500 },
      hooks({ heartbeat: async () => void beats++, random: () => 1 }),
    );
    expect(beats).toBeGreaterThanOrEqual(1);
  });
});
