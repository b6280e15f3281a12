/**
 * A counting semaphore. Sends wait here, before the breaker, rather than in nodemailer's pool
 * queue: time spent queued would count against the breaker's timeout, and a send the breaker gave
 * up on while the pool still held it could go out later, after being reported as of unknown fate.
 */
export class SendSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
