import { isTransientError } from './transient-error';

const withCode = (code: string) => Object.assign(new Error('boom'), { code });

describe('isTransientError', () => {
  it('treats lost connections and a restarting database as outages', () => {
    expect(isTransientError(withCode('ECONNREFUSED'))).toBe(true);
    expect(isTransientError(withCode('57P01'))).toBe(true);
    expect(isTransientError(withCode('08006'))).toBe(true);
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientError(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  it('treats bad data and bugs as the message’s fault', () => {
    expect(isTransientError(withCode('23505'))).toBe(false);
    expect(isTransientError(new TypeError('cannot read x of undefined'))).toBe(false);
    expect(isTransientError('not an error')).toBe(false);
  });
});
