import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfig } from '@stepwise/observability';
import { AppModule } from './app.module';
import { channelEmailConfigSchema } from './config';

async function main(): Promise<void> {
  // Read once here for the port and log level; PlatformModule validates the same schema again.
  const config = loadConfig(channelEmailConfigSchema);
  await bootstrapService(AppModule, {
    service: 'channel-email',
    port: config.HTTP_PORT,
    logger: createLogger('channel-email', config.LOG_LEVEL),
  });
}

main().catch((error: unknown) => {
  createLogger('channel-email').fatal({ err: error }, 'startup failed');
  process.exit(1);
});
