/** Resolves when the dependency is usable; rejects (with a reason worth reading) when it is not. */
export type HealthCheck = () => Promise<void>;

export interface CheckResult {
  status: 'up' | 'down';
  durationMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, CheckResult>;
  /** Names of the checks that are down, so a 503 says what to look at without reading every entry. */
  failing: string[];
}
