export interface ConfigIssue {
  variable: string;
  problem: string;
}

/**
 * Thrown at start when the environment is unusable. The message lists every bad variable at once,
 * so an operator fixes a deployment in one round instead of one crash per variable.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid environment: ${issues.map((i) => `${i.variable}: ${i.problem}`).join('; ')}`);
  }
}
