import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootstrapService, loadConfig } from '@stepwise/observability';
import { runServiceEntry } from '@stepwise/platform';
import { AppModule, DATABASE } from './app.module';
import { enrollmentConfigSchema } from './config';
import { setupOpenApi } from './openapi';
import { limitJsonBodies } from './http/body-limit';

runServiceEntry({
  service: 'enrollment',
  database: DATABASE,
  serve: () =>
    bootstrapService(AppModule, {
      service: 'enrollment',
      port: loadConfig(enrollmentConfigSchema).HTTP_PORT,
      beforeListen: (app) => {
        // A bulk enrollment of MAX_RECIPIENTS_PER_REQUEST rows is megabytes; Express's default is 100 kB.
        limitJsonBodies(app as NestExpressApplication);
        setupOpenApi(app);
      },
    }),
});
