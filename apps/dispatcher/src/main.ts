import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfig } from '@stepwise/observability';
import { AppModule } from './app.module';
import { dispatcherConfigSchema } from './config';

async function main(): Promise<void> {
  // Read once here for the port and log level; PlatformModule validates the same schema again.
  const config = loadConfig(dispatcherConfigSchema);
  await bootstrapService(AppModule, {
    service: 'dispatcher',
    port: config.HTTP_PORT,
    logger: createLogger('dispatcher', config.LOG_LEVEL),
  });
}

main().catch((error: unknown) => {
  createLogger('dispatcher').fatal({ err: error }, 'startup failed');
  process.exit(1);
});
