import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfig } from '@stepwise/observability';
import { runServiceEntry } from '@stepwise/platform';
import { AppModule, DATABASE } from './app.module';
import { channelEmailConfigSchema } from './config';

async function serve(): Promise<void> {
  // Read once here for the port and log level; PlatformModule validates the same schema again.
  const config = loadConfig(channelEmailConfigSchema);
  await bootstrapService(AppModule, {
    service: 'channel-email',
    port: config.HTTP_PORT,
    logger: createLogger('channel-email', config.LOG_LEVEL),
  });
}

runServiceEntry({
  service: 'channel-email',
  database: DATABASE,
  serve: () =>
    serve().catch((error: unknown) => {
      createLogger('channel-email').fatal({ err: error }, 'startup failed');
      process.exit(1);
    }),
});
