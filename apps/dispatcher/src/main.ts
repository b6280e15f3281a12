import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfig } from '@stepwise/observability';
import { runServiceEntry } from '@stepwise/platform';
import { AppModule, DATABASE } from './app.module';
import { dispatcherConfigSchema } from './config';

async function serve(): Promise<void> {
  // Read once here for the port and log level; PlatformModule validates the same schema again.
  const config = loadConfig(dispatcherConfigSchema);
  await bootstrapService(AppModule, {
    service: 'dispatcher',
    port: config.HTTP_PORT,
    logger: createLogger('dispatcher', config.LOG_LEVEL),
  });
}

runServiceEntry({
  service: 'dispatcher',
  database: DATABASE,
  serve: () =>
    serve().catch((error: unknown) => {
      createLogger('dispatcher').fatal({ err: error }, 'startup failed');
      process.exit(1);
    }),
});
