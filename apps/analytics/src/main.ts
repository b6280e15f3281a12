import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@stepwise/observability';
import { AppModule, SERVICE_NAME } from './app.module';
import { analyticsConfigSchema } from './config';
import { setupOpenApi } from './openapi';

// Validated here as well as in PlatformModule: a bad environment then fails before Nest starts.
const config = loadConfig(analyticsConfigSchema);
void bootstrapService(AppModule, { service: SERVICE_NAME, port: config.HTTP_PORT, beforeListen: setupOpenApi });
