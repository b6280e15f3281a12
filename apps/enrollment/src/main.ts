import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@stepwise/observability';
import { AppModule } from './app.module';
import { enrollmentConfigSchema } from './config';
import { setupOpenApi } from './openapi';

const config = loadConfig(enrollmentConfigSchema);
void bootstrapService(AppModule, { service: 'enrollment', port: config.HTTP_PORT, beforeListen: setupOpenApi });
