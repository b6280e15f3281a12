import { bootstrapService, loadConfig } from '@stepwise/observability';
import { runServiceEntry } from '@stepwise/platform';
import { AppModule, DATABASE } from './app.module';
import { socialConfigSchema } from './config';

runServiceEntry({
  service: 'channel-social',
  database: DATABASE,
  serve: () =>
    bootstrapService(AppModule, { service: 'channel-social', port: loadConfig(socialConfigSchema).HTTP_PORT }),
});
