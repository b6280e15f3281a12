import { migrationChecksum, type MigrationFile } from './migration-files';
import { MigrationChecksumError, planMigrations } from './migration-plan';

function file(name: string, sql = `-- ${name}`): MigrationFile {
  return { name, sql, checksum: migrationChecksum(sql) };
}

describe('planMigrations', () => {
  const local = [file('001_a'), file('002_b'), file('003_c')];

  it('keeps local order and leaves out what is applied', () => {
    const plan = planMigrations('svc', local, [{ name: '001_a', checksum: local[0].checksum }]);
    expect(plan.pending.map((migration) => migration.name)).toEqual(['002_b', '003_c']);
    expect(plan.unknown).toEqual([]);
  });

  it('applies a migration that sorts before already-applied ones (merged late)', () => {
    const plan = planMigrations('svc', local, [{ name: '002_b', checksum: local[1].checksum }]);
    expect(plan.pending.map((migration) => migration.name)).toEqual(['001_a', '003_c']);
  });

  it('lists applied migrations this release does not know', () => {
    const plan = planMigrations(
      'svc',
      [local[0]],
      [
        { name: '001_a', checksum: local[0].checksum },
        { name: '004_newer', checksum: 'x' },
      ],
    );
    expect(plan).toEqual({ pending: [], unknown: ['004_newer'] });
  });

  it('refuses an applied migration whose file changed, naming schema and migration', () => {
    const edited = [file('001_a', '-- edited'), local[1]];
    const plan = () => planMigrations('enrollment', edited, [{ name: '001_a', checksum: local[0].checksum }]);
    expect(plan).toThrow(MigrationChecksumError);
    expect(plan).toThrow('Migration "001_a" in schema "enrollment" was edited after it was applied');
  });
});
