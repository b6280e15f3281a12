import { Coalescer } from './coalescer';

function recorder(
  options: { lingerMs?: number; maxItems?: number; maxBytes?: number; fail?: (items: string[]) => boolean } = {},
) {
  const sends: string[][] = [];
  const coalescer = new Coalescer<string>({
    lingerMs: options.lingerMs ?? 5,
    maxItems: options.maxItems ?? 1000,
    maxBytes: options.maxBytes ?? 1_000_000,
    sizeOf: (item) => item.length,
    send: async (items) => {
      sends.push(items);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (options.fail?.(items)) throw new Error('broker said no');
    },
  });
  return { coalescer, sends };
}

describe('Coalescer', () => {
  it('sends calls made within the linger window as one batch, in call order', async () => {
    const { coalescer, sends } = recorder();
    await Promise.all(Array.from({ length: 200 }, (_, i) => coalescer.add([`m${i}`])));
    expect(sends).toHaveLength(1);
    expect(sends[0]).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
  });

  it('splits at the maximum batch size and resolves a caller only when all its items were sent', async () => {
    const { coalescer, sends } = recorder({ maxItems: 1000 });
    await coalescer.add(Array.from({ length: 5000 }, (_, i) => `m${i}`));
    expect(sends.map((batch) => batch.length)).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(sends.flat()).toEqual(Array.from({ length: 5000 }, (_, i) => `m${i}`));
  });

  it('splits at the byte limit but always sends an oversized item alone', async () => {
    const { coalescer, sends } = recorder({ maxBytes: 10 });
    await coalescer.add(['aaaa', 'bbbb', 'cccc', 'x'.repeat(30), 'd']);
    expect(sends).toEqual([['aaaa', 'bbbb'], ['cccc'], ['x'.repeat(30)], ['d']]);
  });

  it('does not wait for the linger when a full batch is ready', async () => {
    const { coalescer } = recorder({ lingerMs: 10_000, maxItems: 3 });
    const started = Date.now();
    await coalescer.add(['a', 'b', 'c']);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects only the callers whose items were in the failed batch', async () => {
    const { coalescer, sends } = recorder({ maxItems: 2, fail: (items) => items.includes('bad') });
    const results = await Promise.allSettled([coalescer.add(['ok1', 'bad']), coalescer.add(['ok2'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(sends).toEqual([['ok1', 'bad'], ['ok2']]);
  });

  it('drops the unsent rest of a caller whose earlier batch failed, keeping its retry in order', async () => {
    const { coalescer, sends } = recorder({ maxItems: 2, fail: (items) => items.includes('a2') });
    await expect(coalescer.add(['a1', 'a2', 'a3', 'a4'])).rejects.toThrow('broker said no');
    await coalescer.flush();
    expect(sends).toEqual([['a1', 'a2']]);
  });

  it('flush sends everything pending without waiting out the linger', async () => {
    const { coalescer, sends } = recorder({ lingerMs: 10_000 });
    const published = coalescer.add(['a']);
    const started = Date.now();
    await coalescer.flush();
    await published;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sends).toEqual([['a']]);
    expect(coalescer.pendingCount).toBe(0);
  });

  it('sends one batch at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const coalescer = new Coalescer<number>({
      lingerMs: 0,
      maxItems: 1,
      maxBytes: 100,
      sizeOf: () => 1,
      send: async () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
      },
    });
    await Promise.all([coalescer.add([1, 2, 3]), coalescer.add([4]), coalescer.add([5, 6])]);
    expect(maxInFlight).toBe(1);
  });
});

describe('Coalescer.abandon', () => {
  it('rejects the callers whose items were not sent yet', async () => {
    const { coalescer, sends } = recorder({ lingerMs: 10_000 });
    const waiting = coalescer.add(['never']);
    coalescer.abandon(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    await coalescer.flush();
    expect(sends).toEqual([]);
  });
});
