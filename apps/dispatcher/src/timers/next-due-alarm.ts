/**
 * When a claim loop should look for due timers next. A claim that came back short tells the loop
 * when the earliest stored timer is due; a timer stored afterwards by this instance's command
 * consumer that is due sooner pulls the alarm forward. So a quiet dispatcher sleeps until there is
 * work instead of polling the table dozens of times a second: measured end to end, those empty
 * polls (BEGIN, claim, COMMIT) cost the dispatcher more CPU than firing the timers did.
 *
 * Timers stored by another dispatcher instance wake that instance; the loop's longest sleep bounds
 * how long a timer goes unseen when the instance that stored it died before firing it.
 */
export class NextDueAlarm {
  /** Earliest due time stored since the last wait began: not lost if it arrives between two waits. */
  private pending = Number.POSITIVE_INFINITY;
  private notBefore = 0;
  private armedAt = Number.POSITIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private ring: (() => void) | undefined;

  constructor(private readonly clock: () => number = Date.now) {}

  /** A timer due at `dueAt` (epoch ms) was stored. */
  storedDueAt(dueAt: number): void {
    if (!this.ring) this.pending = Math.min(this.pending, dueAt);
    else if (dueAt < this.armedAt) this.arm(dueAt);
  }

  /** Rings now (the earliest `notBefore` of the wait allows): more is due than one claim took. */
  ringNow(): void {
    this.storedDueAt(this.clock());
  }

  /**
   * Resolves at `until`, or sooner when a timer due sooner is stored (but never before
   * `notBefore`, which lets a trickle of timers gather into one claim), or when the signal aborts.
   */
  wait(until: number, notBefore: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.ring = undefined;
        this.armedAt = Number.POSITIVE_INFINITY;
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      this.ring = done;
      this.notBefore = notBefore;
      const at = Math.min(until, this.pending);
      this.pending = Number.POSITIVE_INFINITY;
      this.arm(at);
    });
  }

  private arm(at: number): void {
    this.armedAt = at;
    clearTimeout(this.timer);
    const delay = Math.max(0, Math.max(at, this.notBefore) - this.clock());
    this.timer = setTimeout(this.ring as () => void, delay);
  }
}
