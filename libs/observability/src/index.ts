// Config
export { ConfigError, type ConfigIssue } from './config/config-error';
export { loadConfig } from './config/load-config';
export {
  baseEnvSchema,
  databaseEnvSchema,
  LOG_LEVELS,
  type BaseEnv,
  type DatabaseEnv,
  type LogLevel,
} from './config/env-schemas';

// Logging
export { createLogger, type Logger } from './logging/create-logger';
export { PinoNestLogger } from './logging/pino-nest-logger';
export { REDACT_PATHS, REDACTED, SENSITIVE_KEYS } from './logging/redact-paths';

// Health
export type { CheckResult, HealthCheck, HealthReport } from './health/health-check';
export {
  DEFAULT_CHECK_TIMEOUT_MS,
  HealthRegistry,
  SHUTDOWN_CHECK,
  type RegisterCheckOptions,
} from './health/health-registry';
export { HealthController } from './health/health.controller';
export { postgresCheck } from './health/postgres-check';
export { kafkaCheck } from './health/kafka-check';
export { TimeoutError, withTimeout } from './health/with-timeout';

// Metrics
export { MetricsRegistry, createMetricsRegistry } from './metrics/metrics-registry';
export { HTTP_DURATION_METRIC, HttpMetrics, routeLabel, UNMATCHED_ROUTE, ABORTED_STATUS } from './metrics/http-metrics';
export { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
export { MetricsController } from './metrics/metrics.controller';

// Nest wiring
export { ObservabilityModule, type ObservabilityOptions } from './observability.module';
export { bootstrapService, type BootstrapOptions } from './bootstrap/bootstrap-service';
