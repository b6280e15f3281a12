import type { Logger } from 'pino';

export interface PeriodicJobOptions {
  /** Named in the log line of a failed run. */
  name: string;
  intervalMs: number;
  /** Run once right at start (a gauge, a lease) rather than only after the first interval. */
  runAtStart?: boolean;
}

/**
 * The one way a service runs background work every so often (sweeps, polls, gauges, leases):
 * never two runs at once, so a slow pass is not stacked up behind itself; a failure is logged and
 * the next tick tries again; `stop` waits for the run in progress, so nothing touches a closed
 * pool. The timer is unref'd: background work alone must not keep a finished process alive.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly options: PeriodicJobOptions,
    private readonly task: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer) return;
    if (this.options.runAtStart) this.tick();
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    this.running ??= this.task()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error, job: this.options.name }, 'periodic job failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
