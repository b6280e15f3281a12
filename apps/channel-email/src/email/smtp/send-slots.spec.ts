import { SendSlots } from './send-slots';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('SendSlots', () => {
  it('runs at most `size` tasks at once, in arrival order', async () => {
    const slots = new SendSlots(2);
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 5 }, gate);
    const tasks = gates.map((entry, n) =>
      slots.run(async () => {
        started.push(n);
        peak = Math.max(peak, ++running);
        await entry.promise;
        running--;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates.forEach((entry) => entry.open());
    await Promise.all(tasks);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('frees the slot when a task fails', async () => {
    const slots = new SendSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run(async () => 'next')).resolves.toBe('next');
  });
});
