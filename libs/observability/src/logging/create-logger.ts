import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/env-schemas';
import { REDACT_PATHS, REDACTED } from './redact-paths';

/**
 * The one way services make a logger, so every line has the same shape: JSON, `service`, ISO time,
 * level as a name, and no personal data.
 *
 * `destination` exists for tests; services log to stdout (pino's default, synchronous, so a line
 * written just before process.exit is not lost).
 */
export function createLogger(service: string, level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Log stores index the level name; numbers force every query to know pino's mapping.
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger } from 'pino';
