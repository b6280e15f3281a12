import type { Logger } from 'pino';

/**
 * Runs `task` now and then every `intervalMs`, never two runs at once (a slow query is not
 * stacked up behind itself). A failure is logged and the next tick tries again. For housekeeping
 * that may lag a little: nothing here is on the firing path.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    // Housekeeping alone must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  /** Stops the schedule and waits for a run in progress, so nothing touches a closed pool. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    this.running ??= this.task()
      .catch((error: unknown) => this.logger.warn({ err: error, task: this.name }, 'periodic task failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
