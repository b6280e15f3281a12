import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@stepwise/observability';
import { runServiceEntry } from '@stepwise/platform';
import { AppModule, DATABASE, SERVICE_NAME } from './app.module';
import { analyticsConfigSchema } from './config';
import { setupOpenApi } from './openapi';

runServiceEntry({
  service: SERVICE_NAME,
  database: DATABASE,
  // Validated here as well as in PlatformModule: a bad environment then fails before Nest starts.
  serve: () =>
    bootstrapService(AppModule, {
      service: SERVICE_NAME,
      port: loadConfig(analyticsConfigSchema).HTTP_PORT,
      beforeListen: setupOpenApi,
    }),
});
