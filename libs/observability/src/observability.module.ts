import { type DynamicModule, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HealthController } from './health/health.controller';
import { DEFAULT_CHECK_TIMEOUT_MS, HealthRegistry } from './health/health-registry';
import { HttpMetrics } from './metrics/http-metrics';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry, createMetricsRegistry } from './metrics/metrics-registry';

export interface ObservabilityOptions {
  /** Service name; becomes the `service` label on every metric. */
  service: string;
  /** Default timeout for each readiness check (ms). */
  checkTimeoutMs?: number;
}

/**
 * Health and metrics endpoints for a service. Global, so any module can inject `HealthRegistry`
 * to register its checks and `MetricsRegistry` to add its metrics without importing this one.
 */
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: MetricsRegistry, useFactory: () => createMetricsRegistry(options.service) },
        {
          provide: HttpMetrics,
          useFactory: (registry: MetricsRegistry) => new HttpMetrics(registry),
          inject: [MetricsRegistry],
        },
        {
          provide: HealthRegistry,
          useFactory: () => new HealthRegistry(options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS),
        },
      ],
      exports: [MetricsRegistry, HealthRegistry, HttpMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
