import { connectionProblem } from './connection-problem';

const smtp = {
  protocol: 'SMTP' as const,
  host: 'smtp.acme.example',
  port: 587,
  username: 'rita@acme.example',
  oauth2: false,
};

describe('connectionProblem', () => {
  it('tells a refused password apart from a refused OAuth2 token', () => {
    expect(connectionProblem({ code: 'EAUTH', responseCode: 535 }, smtp)).toMatch(/refused the username or password/);
    expect(connectionProblem({ authenticationFailed: true }, { ...smtp, protocol: 'IMAP', oauth2: true })).toMatch(
      /refused the OAuth2 login/,
    );
    expect(connectionProblem({ code: 'EOAUTH2' }, smtp)).toMatch(/refresh token/);
  });

  it('names the setting to change for network and TLS failures', () => {
    expect(connectionProblem({ code: 'ECONNREFUSED' }, smtp)).toMatch(/Check the SMTP port/);
    expect(connectionProblem({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:9' }, smtp)).toMatch(
      /^Nothing answers at smtp.acme.example:587/,
    );
    expect(connectionProblem({ code: 'ENOTFOUND' }, smtp)).toMatch(/smtp.acme.example does not exist/);
    expect(connectionProblem({ code: 'ETIMEDOUT' }, smtp)).toMatch(/did not answer in time/);
    expect(connectionProblem({ code: 'ESOCKET', message: 'wrong version number' }, smtp)).toMatch(/tls setting/);
  });

  it('never quotes the server reply', () => {
    expect(connectionProblem({ code: 'EAUTH', message: '535 bad password hunter2' }, smtp)).not.toContain('hunter2');
  });
});
