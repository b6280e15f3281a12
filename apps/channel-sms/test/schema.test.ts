import { migrationDrift } from '@stepwise/testing';

test('schema.prisma matches the migrated tables', async () => {
  expect(await migrationDrift('channel-sms')).toEqual([]);
});
