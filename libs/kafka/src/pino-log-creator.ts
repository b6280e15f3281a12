import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/**
 * kafkajs logs through its own console logger by default; services log JSON through pino, so
 * its entries are forwarded there. Only warn and error pass: kafkajs's info level narrates every
 * group join and connection and would drown the service's own logs.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () => (entry: LogEntry) => {
    const { message, timestamp: _timestamp, logger: _name, ...extra } = entry.log;
    const fields = { namespace: entry.namespace, ...extra };
    const level = effectiveLevel(entry);
    if (level === logLevel.ERROR) child.error(fields, message);
    else if (level === logLevel.WARN) child.warn(fields, message);
  };
}

/**
 * kafkajs's connection layer logs every error response at error level, including the ones its
 * callers expect and handle (REBALANCE_IN_PROGRESS on each rebalance, "topic already exists"
 * when two services create topics at once). Those become warnings; a failure that matters is
 * logged again, at error level, by the component that made the request.
 */
export function effectiveLevel(entry: LogEntry): logLevel {
  const isResponseError = entry.namespace === 'Connection' && entry.log.message.startsWith('Response ');
  return entry.level === logLevel.ERROR && isResponseError ? logLevel.WARN : entry.level;
}
