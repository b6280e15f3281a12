import { createPool, runMigrations } from '@stepwise/database';
import { createLogger, loadConfig } from '@stepwise/observability';
import { platformDatabaseEnvSchema } from './service-config';

export interface ServiceEntryOptions {
  service: string;
  /** The schema and migrations the service owns, as given to PlatformModule. */
  database?: { schema: string; migrationsDir: string };
  /** Starts the service (the default command). */
  serve: () => unknown;
}

const USAGE = 'usage: node dist/apps/<service>/main.js [serve|migrate]';

/**
 * The built entry point's commands. `serve` (the default) starts the service; `migrate` applies
 * its SQL migrations and exits, for a release step (a Kubernetes Job or init container) that runs
 * before the new version starts. The runner takes an advisory lock, so concurrent runs wait for
 * one another and all but the first apply nothing; services still migrate at start, a no-op then.
 */
export function runServiceEntry(options: ServiceEntryOptions, argv: readonly string[] = process.argv.slice(2)): void {
  const command = argv[0] ?? 'serve';
  if (command === 'serve') {
    void options.serve();
    return;
  }
  if (command === 'migrate') {
    migrate(options).then(
      () => process.exit(0),
      (error: unknown) => {
        createLogger(options.service).fatal({ err: error }, 'migration failed');
        process.exit(1);
      },
    );
    return;
  }
  console.error(`${options.service}: unknown command "${command}"\n${USAGE}`);
  process.exit(2);
}

async function migrate({ service, database }: ServiceEntryOptions): Promise<void> {
  const logger = createLogger(service);
  if (!database) {
    logger.info('no database: nothing to migrate');
    return;
  }
  // Only the database variables: a migration step needs no provider credentials or ports.
  const config = loadConfig(platformDatabaseEnvSchema);
  const schema = config.DATABASE_SCHEMA ?? database.schema;
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    max: 1,
    applicationName: `${service}-migrate`,
    schema,
  });
  try {
    const started = Date.now();
    const { applied } = await runMigrations(pool, { schema, migrationsDir: database.migrationsDir });
    logger.info({ schema, applied, durationMs: Date.now() - started }, 'migrations up to date');
  } finally {
    await pool.end();
  }
}
