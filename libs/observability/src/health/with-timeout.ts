export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Races `promise` against a timer. The underlying work is not cancelled (pg and kafkajs calls cannot
 * be), which is why HealthRegistry never starts a check while its previous run is still pending.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
    // A pending health check must never keep a shutting-down process alive.
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
