import { migrationLockKey } from './migration-lock';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

describe('migrationLockKey', () => {
  it('is stable per schema, distinct across schemas and a valid Postgres bigint', () => {
    const schemas = ['enrollment', 'dispatcher', 'channel_email', 'channel_sms', 'channel_social', 'analytics'];
    const keys = schemas.map(migrationLockKey);

    expect(schemas.map(migrationLockKey)).toEqual(keys);
    expect(new Set(keys).size).toBe(schemas.length);
    for (const key of keys) {
      expect(BigInt(key) >= INT64_MIN && BigInt(key) <= INT64_MAX).toBe(true);
    }
  });
});
