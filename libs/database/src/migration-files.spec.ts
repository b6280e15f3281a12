import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareNames, migrationChecksum, readMigrationFiles } from './migration-files';

describe('migrationChecksum', () => {
  it('is the sha256 hex of the SQL', () => {
    expect(migrationChecksum('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('ignores CRLF versus LF line endings but not other edits', () => {
    expect(migrationChecksum('CREATE TABLE a ();\r\nSELECT 1;\r\n')).toBe(
      migrationChecksum('CREATE TABLE a ();\nSELECT 1;\n'),
    );
    expect(migrationChecksum('SELECT 1;')).not.toBe(migrationChecksum('SELECT 2;'));
  });
});

describe('compareNames', () => {
  it('orders by code unit, independent of locale', () => {
    expect(['b', 'B', '_a', '10', '9'].sort(compareNames)).toEqual(['10', '9', 'B', '_a', 'b']);
  });
});

describe('readMigrationFiles', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stepwise-migration-files-'));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads every folder in name order and ignores loose files', async () => {
    for (const name of ['20260102000000_second', '20260101000000_first']) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'migration.sql'), `-- ${name}`);
    }
    await writeFile(join(dir, 'migration_lock.toml'), 'provider = "postgresql"');

    const files = await readMigrationFiles(dir);

    expect(files.map((file) => [file.name, file.sql])).toEqual([
      ['20260101000000_first', '-- 20260101000000_first'],
      ['20260102000000_second', '-- 20260102000000_second'],
    ]);
    expect(files[0]?.checksum).toBe(migrationChecksum('-- 20260101000000_first'));
  });

  it('fails on a folder without migration.sql rather than skipping it', async () => {
    await mkdir(join(dir, '20260101000000_empty'));
    await expect(readMigrationFiles(dir)).rejects.toThrow('migration.sql');
  });
});
