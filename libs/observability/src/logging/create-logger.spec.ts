import { Writable } from 'node:stream';
import { createLogger } from './create-logger';
import { REDACTED } from './redact-paths';

function captureLogs(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('createLogger', () => {
  it('writes JSON with the service, an ISO time and the level name', () => {
    const { stream, lines } = captureLogs();

    createLogger('channel-email', 'info', stream).info({ enrollmentId: 'e-1' }, 'sent');

    const [line] = lines();
    expect(line).toMatchObject({ service: 'channel-email', level: 'info', msg: 'sent', enrollmentId: 'e-1' });
    expect(line.time).toEqual(new Date(line.time as string).toISOString());
  });

  it('respects the level', () => {
    const { stream, lines } = captureLogs();
    const logger = createLogger('svc', 'warn', stream);

    logger.info('hidden');
    logger.warn('shown');

    expect(lines().map((l) => l.msg)).toEqual(['shown']);
  });

  it('redacts addresses and message content at the top level and one and two levels down', () => {
    const { stream, lines } = captureLogs();

    createLogger('svc', 'info', stream).info(
      {
        email: 'top@example.com',
        enrollmentId: 'e-1',
        message: { to: 'ann@example.com', from: 'rec@corp.example', subject: 'Hi Ann', body: 'Dear Ann', id: 'm-1' },
        step: {
          draft: { html: '<p>Dear Ann</p>', text: 'Dear Ann', variables: { firstName: 'Ann' }, id: 'd-1' },
          sms: { phone: '+15550100', body: 'Hi' },
        },
        recipients: [{ email: 'bob@example.com', id: 'r-2' }],
        recipient: { email: 'x@example.com' },
      },
      'step sent',
    );

    const [line] = lines();
    const raw = JSON.stringify(line);
    for (const secret of ['example.com', 'Dear Ann', 'Hi Ann', '+15550100', 'firstName']) {
      expect(raw).not.toContain(secret);
    }
    expect(line).toMatchObject({
      email: REDACTED,
      enrollmentId: 'e-1',
      message: { to: REDACTED, from: REDACTED, subject: REDACTED, body: REDACTED, id: 'm-1' },
      step: {
        draft: { html: REDACTED, text: REDACTED, variables: REDACTED, id: 'd-1' },
        sms: { phone: REDACTED, body: REDACTED },
      },
      recipients: [{ email: REDACTED, id: 'r-2' }],
      recipient: REDACTED,
    });
  });

  it('redacts in child logger bindings too', () => {
    const { stream, lines } = captureLogs();

    createLogger('svc', 'info', stream)
      .child({ recipient: { email: 'ann@example.com' } })
      .info('bound');

    expect(JSON.stringify(lines())).not.toContain('ann@example.com');
  });
});
