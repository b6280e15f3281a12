import { join } from 'node:path';
import { createPool, diffPrismaSchemaAgainstDatabase, runMigrations } from '@stepwise/database';
import { dropSchemas, ensureTestDatabase } from './database';
import { uniqueName } from './names';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Applies an app's SQL migrations to a fresh schema and lists how the result differs from its
 * schema.prisma: empty when the migrations build exactly what the Prisma client expects.
 */
export async function migrationDrift(app: string): Promise<string[]> {
  const url = await ensureTestDatabase();
  const schema = uniqueName(`drift_${app.replace(/-/g, '_')}`);
  const pool = createPool({ connectionString: url, applicationName: 'schema-check', schema, max: 2 });
  try {
    await runMigrations(pool, { schema, migrationsDir: join(ROOT, 'apps', app, 'prisma', 'migrations') });
    return await diffPrismaSchemaAgainstDatabase({
      schemaPath: join(ROOT, 'apps', app, 'prisma', 'schema.prisma'),
      connectionString: url,
      schema,
    });
  } finally {
    await pool.end();
    await dropSchemas(url, [schema]);
  }
}
