import type { NodemailerError } from 'nodemailer/lib/errors';
import { classifyBreakerRejection, classifySmtpError } from './smtp-failure';

const MESSAGE_ID = '<e.s.1@acme.example>';

function smtpError(fields: Partial<NodemailerError>): NodemailerError {
  return Object.assign(new Error(fields.message ?? 'failed'), fields);
}

const classify = (fields: Partial<NodemailerError>) => classifySmtpError(smtpError(fields), MESSAGE_ID);

describe('classifySmtpError', () => {
  it('reports a refused recipient as an invalid address, not worth retrying', () => {
    expect(
      classify({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user' }),
    ).toMatchObject({
      type: 'invalid_address',
      retryable: false,
    });
  });

  it('retries when the server could not be reached, reporting provider_down in the end', () => {
    expect(classify({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' })).toMatchObject({
      type: 'provider_down',
      retryable: true,
    });
    expect(classify({ code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT', command: 'CONN' })).toMatchObject({
      type: 'provider_down',
      retryable: true,
    });
  });

  it('retries a 4xx deferral: the server said "not now" and kept nothing', () => {
    expect(classify({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' })).toMatchObject({
      type: 'provider_down',
      retryable: true,
    });
  });

  it('never retries a connection that broke mid-send: the email may already be delivered', () => {
    for (const fields of [
      { code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' as const, command: 'CONN' },
      { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' },
      { code: 'ESOCKET', originalCode: 'ECONNRESET', command: 'CONN' },
    ]) {
      const failure = classify(fields);
      expect(failure).toMatchObject({ type: 'unknown_delivery_state', retryable: false });
      expect(failure.suggestedFix).toContain(MESSAGE_ID);
    }
  });

  it('reports a refused login as auth, marked as a lost login', () => {
    expect(classify({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })).toMatchObject({
      type: 'auth',
      retryable: false,
      loginRefused: true,
    });
    expect(classify({ code: 'ENOAUTH' })).toMatchObject({ type: 'auth', loginRefused: true });
  });

  it('does not take a refused sender address for a lost login', () => {
    expect(classify({ code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM' })).not.toHaveProperty('loginRefused');
  });

  it('reports a message refused after DATA as content', () => {
    expect(classify({ code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: '554 spam' })).toMatchObject({
      type: 'content',
      retryable: false,
    });
  });

  it('keeps the outcome message within the contract limit', () => {
    expect(
      classify({ code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: `554 ${'x'.repeat(5000)}` }).message
        .length,
    ).toBeLessThanOrEqual(2000);
  });
});

describe('classifyBreakerRejection', () => {
  it('fails fast as provider_down while the breaker is open', () => {
    expect(classifyBreakerRejection({ breaker: 'open' }, MESSAGE_ID)).toMatchObject({
      type: 'provider_down',
      retryable: false,
    });
  });

  it('treats a send the breaker gave up waiting for as of unknown fate', () => {
    expect(classifyBreakerRejection({ breaker: 'timeout' }, MESSAGE_ID)).toMatchObject({
      type: 'unknown_delivery_state',
      retryable: false,
    });
  });
});
