import type { MigrationFile } from './migration-files';

export interface AppliedMigration {
  name: string;
  checksum: string;
}

export interface MigrationPlan {
  pending: MigrationFile[];
  /** Applied in the database but absent on disk: normal while an older release still runs. */
  unknown: string[];
}

export class MigrationChecksumError extends Error {
  constructor(schema: string, name: string, applied: string, onDisk: string) {
    super(
      `Migration "${name}" in schema "${schema}" was edited after it was applied ` +
        `(checksum ${applied.slice(0, 12)}… in the database, ${onDisk.slice(0, 12)}… on disk). ` +
        'Restore the applied SQL and put the change in a new migration.',
    );
    this.name = 'MigrationChecksumError';
  }
}

/** Decides what to apply; refuses when any applied migration no longer matches its file. */
export function planMigrations(schema: string, local: MigrationFile[], applied: AppliedMigration[]): MigrationPlan {
  const appliedByName = new Map(applied.map((migration) => [migration.name, migration.checksum]));
  for (const migration of local) {
    const checksum = appliedByName.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new MigrationChecksumError(schema, migration.name, checksum, migration.checksum);
    }
  }
  const localNames = new Set(local.map((migration) => migration.name));
  return {
    pending: local.filter((migration) => !appliedByName.has(migration.name)),
    unknown: applied.map((migration) => migration.name).filter((name) => !localNames.has(name)),
  };
}
