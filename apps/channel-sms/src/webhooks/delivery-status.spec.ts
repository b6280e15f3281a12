import { deliveryVerdict } from './delivery-status';

describe('deliveryVerdict', () => {
  it('publishes nothing for statuses on the way', () => {
    for (const status of ['queued', 'accepted', 'sending', 'sent'])
      expect(deliveryVerdict(status, undefined)).toBeNull();
  });

  it('maps delivered to delivered', () => {
    expect(deliveryVerdict('delivered', undefined)).toEqual({ outcome: 'delivered' });
  });

  it.each([
    ['undelivered', '30003', 'invalid_address'],
    ['undelivered', '30006', 'invalid_address'],
    ['failed', '21610', 'invalid_address'],
    ['undelivered', '30007', 'content'],
    ['failed', '30002', 'auth'],
    ['failed', '30008', 'provider_down'],
    ['failed', undefined, 'provider_down'],
  ])('%s with error %s fails as %s, citing the code', (status, code, type) => {
    const verdict = deliveryVerdict(status, code);
    expect(verdict).toMatchObject({ outcome: 'failed', failure: { type } });
    if (code && verdict?.outcome === 'failed') expect(verdict.failure.message).toContain(code);
  });
});
