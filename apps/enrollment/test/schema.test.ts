import { migrationDrift } from '@stepwise/testing';

describe('enrollment database schema', () => {
  it('is built by the SQL migrations exactly as schema.prisma declares it', async () => {
    expect(await migrationDrift('enrollment')).toEqual([]);
  });
});
