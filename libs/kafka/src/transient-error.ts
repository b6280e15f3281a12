/** Network errors of Node sockets: the dependency is away, not the message bad. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Postgres SQLSTATEs that say "try again later": connection exceptions (08), server shutting down
 * (57P01-57P03), insufficient resources (53), serialization failure and deadlock (40001, 40P01).
 */
function isTransientSqlState(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || ['57P01', '57P02', '57P03', '40001', '40P01'].includes(code);
}

/**
 * True when a handler failure comes from an outage rather than from the messages: such a batch is
 * retried until it succeeds or the consumer stops, and never dead-lettered, so an outage of the
 * database or a provider loses nothing.
 */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isTransientSqlState(code))) return true;
  if (/Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(error.message))
    return true;
  return error.cause !== undefined && error.cause !== error && isTransientError(error.cause);
}
