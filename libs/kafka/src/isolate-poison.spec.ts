import { isolatePoison } from './isolate-poison';
import type { RetryHooks } from './retry';

const policy = { attempts: 2, initialMs: 1, maxMs: 1 };
const hooks: RetryHooks = { shouldContinue: () => true, heartbeat: async () => undefined };

function handlerRejecting(poison: Set<number>, handled: number[], calls: number[][]) {
  return async (items: number[]) => {
    calls.push(items);
    const bad = items.find((item) => poison.has(item));
    if (bad !== undefined) throw new Error(`poison ${bad}`);
    handled.push(...items);
  };
}

describe('isolatePoison', () => {
  it('returns only the messages that fail on their own, and handles all others in order', async () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const handled: number[] = [];
    const calls: number[][] = [];
    const outcome = await isolatePoison(items, handlerRejecting(new Set([13, 77]), handled, calls), policy, hooks);
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.poisoned.map((p) => [p.item, (p.error as Error).message])).toEqual([
      [13, 'poison 13'],
      [77, 'poison 77'],
    ]);
    expect(handled).toEqual(items.filter((i) => i !== 13 && i !== 77));
    // Bisection, not one call per message.
    expect(calls.length).toBeLessThan(40);
  });

  it('retries a single message before calling it poison, so a passing blip does not dead-letter it', async () => {
    let failuresLeft = 1;
    const handled: number[] = [];
    const outcome = await isolatePoison(
      [1],
      async (items) => {
        if (failuresLeft-- > 0) throw new Error('blip');
        handled.push(...items);
      },
      policy,
      hooks,
    );
    expect(outcome).toEqual({ status: 'done', poisoned: [] });
    expect(handled).toEqual([1]);
  });

  it('abandons the search when the consumer stops', async () => {
    let running = true;
    const outcome = await isolatePoison(
      [1, 2, 3, 4],
      async () => {
        running = false;
        throw new Error('x');
      },
      policy,
      { ...hooks, shouldContinue: () => running },
    );
    expect(outcome).toEqual({ status: 'aborted' });
  });
});
