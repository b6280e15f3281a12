import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Level, Logger } from 'pino';

// Nest calls `error(message, stack?, context?)`; a stack is recognised by its frame lines.
const STACK_FRAME = /\n\s+at /;

const NEST_TO_PINO: Record<NestLogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Routes Nest's own logging (and `new Logger(ctx)` in services) into pino, so a service has one log
 * stream in one format. Objects passed as the message become structured fields, and go through the
 * same redaction as any pino call.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the levels it wants; pino has one threshold, so the most verbose one wins. */
  setLogLevels(levels: NestLogLevel[]): void {
    const order: NestLogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((level) => levels.includes(level));
    this.logger.level = lowest ? NEST_TO_PINO[lowest] : 'silent';
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const { context, stack, extra } = splitNestParams(params);
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (extra.length > 0) fields.params = extra;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      if (stack) fields.err = { stack };
      this.logger[level](fields, String(message));
    }
  }
}

// Nest's convention: the last string parameter is the context; for errors, a string with stack
// frames before it is the stack. Anything else is extra data worth keeping.
function splitNestParams(params: unknown[]): { context?: string; stack?: string; extra: unknown[] } {
  const rest = [...params];
  const context =
    typeof rest.at(-1) === 'string' && !STACK_FRAME.test(rest.at(-1) as string) ? (rest.pop() as string) : undefined;
  const stackIndex = rest.findIndex((p) => typeof p === 'string' && STACK_FRAME.test(p));
  const stack = stackIndex >= 0 ? (rest.splice(stackIndex, 1)[0] as string) : undefined;
  return { context, stack, extra: rest.filter((p) => p !== undefined) };
}
