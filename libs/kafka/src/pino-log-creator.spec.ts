import { logLevel } from 'kafkajs';
import pino from 'pino';
import { Writable } from 'node:stream';
import { pinoLogCreator } from './pino-log-creator';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

const at = (namespace: string, level: logLevel, message: string, extra: object = {}) => ({
  namespace,
  level,
  label: '',
  log: { timestamp: 'now', logger: 'kafkajs', message, ...extra },
});

describe('pinoLogCreator', () => {
  it('forwards kafkajs entries to pino with their fields', () => {
    const { lines, logger } = capture();
    const log = pinoLogCreator(logger)(logLevel.WARN);
    log(at('Consumer', logLevel.ERROR, 'Crash: boom', { groupId: 'g' }));
    log(at('Producer', logLevel.WARN, 'slow'));
    expect(lines.map((l) => [l.level, l.msg, l.namespace, l.component])).toEqual([
      [50, 'Crash: boom', 'Consumer', 'kafkajs'],
      [40, 'slow', 'Producer', 'kafkajs'],
    ]);
    expect(lines[0]).toMatchObject({ groupId: 'g' });
    expect(lines[0]).not.toHaveProperty('timestamp');
  });

  it('turns error responses that kafkajs handles itself into warnings', () => {
    const { lines, logger } = capture();
    pinoLogCreator(logger)(logLevel.WARN)(at('Connection', logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)'));
    expect(lines[0]?.level).toBe(40);
  });
});
