import { bootstrapService, loadConfig } from '@stepwise/observability';
import { runServiceEntry } from '@stepwise/platform';
import { AppModule, DATABASE } from './app.module';
import { smsConfigSchema } from './config';

runServiceEntry({
  service: 'channel-sms',
  database: DATABASE,
  serve: () => bootstrapService(AppModule, { service: 'channel-sms', port: loadConfig(smsConfigSchema).HTTP_PORT }),
});
