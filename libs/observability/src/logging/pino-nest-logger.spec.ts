import { Writable } from 'node:stream';
import { createLogger } from './create-logger';
import { PinoNestLogger } from './pino-nest-logger';

function setup(level: 'info' | 'trace' = 'trace') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      );
      done();
    },
  });
  const pinoLogger = createLogger('svc', level, stream);
  return { lines, pinoLogger, logger: new PinoNestLogger(pinoLogger) };
}

describe('PinoNestLogger', () => {
  it('maps Nest levels and keeps the context as a field', () => {
    const { lines, logger } = setup();

    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    logger.warn('slow', 'Kafka');
    logger.debug('d', 'Ctx');
    logger.verbose('v', 'Ctx');
    logger.fatal('f');

    expect(lines.map((l) => [l.level, l.msg, l.context])).toEqual([
      ['info', 'Mapped {/health, GET} route', 'RouterExplorer'],
      ['warn', 'slow', 'Kafka'],
      ['debug', 'd', 'Ctx'],
      ['trace', 'v', 'Ctx'],
      ['fatal', 'f', undefined],
    ]);
  });

  it('keeps the stack Nest passes to error()', () => {
    const { lines, logger } = setup();
    const stack = new Error('boom').stack;

    logger.error('boom', stack, 'ExceptionsHandler');

    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', context: 'ExceptionsHandler', err: { stack } });
  });

  it('serialises Error messages and merges object messages as redacted fields', () => {
    const { lines, logger } = setup();

    logger.error(new Error('db down'), 'Bootstrap');
    logger.log({ msg: 'enrolled', enrollmentId: 'e-1', email: 'ann@example.com' }, 'Enrollment');

    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'db down',
      context: 'Bootstrap',
      err: { message: 'db down' },
    });
    expect(lines[1]).toMatchObject({
      msg: 'enrolled',
      enrollmentId: 'e-1',
      email: '[redacted]',
      context: 'Enrollment',
    });
  });

  it('sets pino to the most verbose level Nest enables', () => {
    const { pinoLogger, logger } = setup('info');

    logger.setLogLevels(['error', 'warn', 'debug']);
    expect(pinoLogger.level).toBe('debug');

    logger.setLogLevels([]);
    expect(pinoLogger.level).toBe('silent');
  });
});
