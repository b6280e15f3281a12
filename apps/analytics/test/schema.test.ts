import { migrationDrift } from '@stepwise/testing';

describe('analytics database schema', () => {
  test('is built by the SQL migrations exactly as schema.prisma declares it', async () => {
    expect(await migrationDrift('analytics')).toEqual([]);
  });
});
