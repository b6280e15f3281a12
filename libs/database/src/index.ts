export { createPool, type CreatePoolOptions } from './pool';
export { inTransaction } from './transaction';
export {
  runMigrations,
  MIGRATIONS_TABLE,
  type RunMigrationsOptions,
  type RunMigrationsResult,
} from './migration-runner';
export { MigrationChecksumError } from './migration-plan';
export { prismaAdapter, type PrismaAdapterOptions } from './prisma-adapter';
export { diffPrismaSchemaAgainstDatabase, type SchemaDriftOptions } from './schema-drift';
