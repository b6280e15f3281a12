import twilio from 'twilio';
import { toProviderError } from './twilio-errors';

function restException(status: number, code: number, message = 'refused'): twilio.RestException {
  return new twilio.RestException({
    statusCode: status,
    body: { status, code, message, more_info: `https://www.twilio.com/docs/errors/${code}` },
  });
}

function axiosLike(code: string): Error {
  return Object.assign(new Error(code), { code, isAxiosError: true });
}

describe('toProviderError', () => {
  it('rejects a recipient-number error as invalid_address without quoting Twilio (its text holds the number)', () => {
    const error = toProviderError(restException(400, 21211, "The 'To' number +1555 is not a valid phone number."));
    expect(error.kind).toBe('rejected');
    expect(error.failure).toMatchObject({ type: 'invalid_address', message: expect.stringContaining('21211') });
    expect(error.failure?.message).not.toContain('+1555');
  });

  it('rejects a body error as content', () => {
    expect(toProviderError(restException(400, 21617)).failure?.type).toBe('content');
  });

  it('rejects refused credentials as auth', () => {
    expect(toProviderError(restException(401, 20003, 'Authenticate')).failure?.type).toBe('auth');
  });

  it('treats 429 and 503 as not sent, so they are retried', () => {
    expect(toProviderError(restException(429, 20429)).kind).toBe('not_sent');
    expect(toProviderError(restException(503, 20503)).kind).toBe('not_sent');
  });

  it('treats other server errors as possibly sent', () => {
    expect(toProviderError(restException(500, 20500)).kind).toBe('ambiguous');
  });

  it('treats a refused connection as not sent and a timeout or reset as possibly sent', () => {
    expect(toProviderError(axiosLike('ECONNREFUSED')).kind).toBe('not_sent');
    expect(toProviderError(axiosLike('ECONNABORTED')).kind).toBe('ambiguous');
    expect(toProviderError(axiosLike('ECONNRESET')).kind).toBe('ambiguous');
  });

  it('rejects any other Twilio refusal with its code, so it is not retried', () => {
    const error = toProviderError(restException(400, 21606, 'The From phone number is not SMS-capable'));
    expect(error.kind).toBe('rejected');
    expect(error.failure?.message).toContain('21606');
  });
});
