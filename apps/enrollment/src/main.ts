import 'reflect-metadata';
import { bootstrapService, loadConfig } from '@stepwise/observability';
import { AppModule } from './app.module';
import { enrollmentConfigSchema } from './config';
import { setupOpenApi } from './openapi';

async function main(): Promise<void> {
  const config = loadConfig(enrollmentConfigSchema);
  const app = await bootstrapService(AppModule, {
    service: 'enrollment',
    port: config.HTTP_PORT,
    beforeListen: setupOpenApi,
  });
  void app;
}

void main();
