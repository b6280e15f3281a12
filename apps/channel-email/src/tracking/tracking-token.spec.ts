import { TrackingTokens, type TrackingClaim } from './tracking-token';

const tokens = new TrackingTokens('s'.repeat(32));
const claim: TrackingClaim = {
  enrollmentId: 'enr-1',
  sequenceId: 'seq-1',
  stepId: 'step-1',
  attempt: 2,
  tenantId: 'tenant-1',
  kind: 'click',
  url: 'https://jobs.example/role?id=7',
};

describe('TrackingTokens', () => {
  it('gives back the claim it signed', () => {
    expect(tokens.verify(tokens.sign(claim))).toEqual(claim);
  });

  it('refuses a token whose claim was altered, even re-encoded', () => {
    const [, signature] = tokens.sign(claim).split('.');
    const altered = Buffer.from(JSON.stringify({ ...claim, url: 'https://evil.example' })).toString('base64url');
    expect(tokens.verify(`${altered}.${signature}`)).toBeNull();
  });

  it('refuses a token signed with another secret, and garbage', () => {
    expect(tokens.verify(new TrackingTokens('x'.repeat(32)).sign(claim))).toBeNull();
    for (const junk of ['', '.', 'abc', 'abc.def', `${tokens.sign(claim)}x`]) expect(tokens.verify(junk)).toBeNull();
  });

  it('refuses a correctly signed payload that is not a claim', () => {
    const forged = new TrackingTokens('s'.repeat(32)).sign({ ...claim, kind: 'delete' } as unknown as TrackingClaim);
    expect(tokens.verify(forged)).toBeNull();
  });

  it('makes a short lower-case return token, the same for the same message', () => {
    const token = tokens.returnToken('<a.b.1@acme.example>');
    expect(token).toMatch(/^[a-z2-7]{26}$/);
    expect(tokens.returnToken('<a.b.1@acme.example>')).toBe(token);
    expect(tokens.returnToken('<a.b.2@acme.example>')).not.toBe(token);
  });
});
