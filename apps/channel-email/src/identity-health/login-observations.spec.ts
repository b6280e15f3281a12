import { loginObservations } from './login-observations';

describe('loginObservations', () => {
  it('gives one observation per identity, a refused login winning over a success in the same batch', () => {
    expect(
      loginObservations([
        { identityId: 'a', tenantId: 't', loginAccepted: true },
        { identityId: 'a', tenantId: 't', loginAccepted: false },
        { identityId: 'a', tenantId: 't', loginAccepted: true },
        { identityId: 'b', tenantId: 't', loginAccepted: true },
        { identityId: 'c', tenantId: 't', loginAccepted: null },
      ]),
    ).toEqual([
      { identityId: 'a', tenantId: 't', state: 'auth_lost' },
      { identityId: 'b', tenantId: 't', state: 'auth_restored' },
    ]);
  });
});
