import type { CheckResult, HealthCheck, HealthReport } from './health-check';
import { withTimeout } from './with-timeout';

export interface RegisterCheckOptions {
  /** Overrides the registry's default for a dependency known to answer slowly. */
  timeoutMs?: number;
}

interface RegisteredCheck {
  run: HealthCheck;
  timeoutMs: number;
  inFlight?: Promise<void>;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

/** Pseudo-check reported once shutdown has begun, so load balancers stop routing to a draining instance. */
export const SHUTDOWN_CHECK = 'shutdown';

/**
 * Readiness checks that services register for the dependencies they cannot work without.
 * Plain class (no Nest decorators) so it is usable and testable outside a Nest container.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, RegisteredCheck>();
  private shuttingDown = false;

  constructor(private readonly defaultTimeoutMs = DEFAULT_CHECK_TIMEOUT_MS) {}

  register(name: string, check: HealthCheck, options: RegisterCheckOptions = {}): void {
    // Two modules registering the same name would hide one of them; that is a wiring bug.
    if (this.checks.has(name)) throw new Error(`Health check "${name}" is already registered`);
    this.checks.set(name, { run: check, timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs });
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  /** Runs every check concurrently, each bounded by its timeout. */
  async check(): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await this.runOne(check)] as const),
    );
    if (this.shuttingDown) {
      entries.push([SHUTDOWN_CHECK, { status: 'down', durationMs: 0, error: 'service is shutting down' }]);
    }
    const checks = Object.fromEntries(entries);
    const failing = entries.filter(([, result]) => result.status === 'down').map(([name]) => name);
    return { status: failing.length === 0 ? 'ok' : 'error', checks, failing };
  }

  private async runOne(check: RegisteredCheck): Promise<CheckResult> {
    const started = performance.now();
    try {
      await withTimeout(this.singleFlight(check), check.timeoutMs);
      return { status: 'up', durationMs: elapsedSince(started) };
    } catch (error) {
      return { status: 'down', durationMs: elapsedSince(started), error: describe(error) };
    }
  }

  // Probes arrive every few seconds; a dependency that hangs must not collect a pile of pending
  // queries or metadata requests, so a still-running check is joined rather than started again.
  private singleFlight(check: RegisteredCheck): Promise<void> {
    check.inFlight ??= Promise.resolve()
      .then(check.run)
      .finally(() => {
        check.inFlight = undefined;
      });
    return check.inFlight;
  }
}

function elapsedSince(started: number): number {
  return Math.round(performance.now() - started);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
