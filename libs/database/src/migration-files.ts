import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MigrationFile {
  /** Folder name in Prisma's layout, `<timestamp>_<name>`; lexical order is apply order. */
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATION_SQL = 'migration.sql';

/** Reads `<dir>/<folder>/migration.sql` for every folder, sorted by name; other files are ignored. */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(compareNames);
  return Promise.all(folders.map((name) => readMigration(migrationsDir, name)));
}

async function readMigration(migrationsDir: string, name: string): Promise<MigrationFile> {
  const sql = await readFile(join(migrationsDir, name, MIGRATION_SQL), 'utf8');
  return { name, sql, checksum: migrationChecksum(sql) };
}

// Byte order, not locale order: the same on every machine.
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sha256 of the SQL with CRLF folded to LF, so a checkout with Windows line endings is not "changed". */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}
