import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthRegistry } from '../health/health-registry';
import { LOG_LEVELS, type LogLevel } from '../config/env-schemas';
import { createLogger, type Logger } from '../logging/create-logger';
import { PinoNestLogger } from '../logging/pino-nest-logger';

type EntryModule = Parameters<typeof NestFactory.create>[0];

export interface BootstrapOptions {
  service: string;
  /** 0 picks a free port (tests); the port actually bound is logged. */
  port: number;
  /** Defaults to a logger made by createLogger(service) at the LOG_LEVEL of the environment. */
  logger?: Logger;
  /** Routes added here (API docs) are registered before Nest's not-found fallback. */
  beforeListen?: (app: INestApplication) => void | Promise<void>;
}

// LOG_LEVEL was validated by the service's config at start; an unknown value falls back to info.
function levelFromEnvironment(): LogLevel {
  const level = process.env.LOG_LEVEL as LogLevel | undefined;
  return level && LOG_LEVELS.includes(level) ? level : 'info';
}

// The signals orchestrators (SIGTERM) and people (SIGINT) send to ask for a clean stop.
const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Starts a service the same way everywhere: pino for every log line, shutdown hooks so SIGTERM
 * drains in-flight work through onModuleDestroy/beforeApplicationShutdown, and a clean exit(1)
 * with the reason logged if startup fails (rather than an unhandled rejection on stderr).
 */
export async function bootstrapService(appModule: EntryModule, options: BootstrapOptions): Promise<INestApplication> {
  const logger = options.logger ?? createLogger(options.service, levelFromEnvironment());
  try {
    const app = await NestFactory.create(appModule, { logger: new PinoNestLogger(logger) });
    app.enableShutdownHooks([...SHUTDOWN_SIGNALS]);
    announceShutdown(app, logger);
    await options.beforeListen?.(app);
    const host = process.env.HTTP_HOST || '0.0.0.0';
    await app.listen(options.port, host);
    logger.info({ host, port: boundPort(app, options.port) }, 'listening');
    return app;
  } catch (error) {
    logger.fatal({ err: error }, 'startup failed');
    process.exit(1);
  }
}

// Nest runs the hooks; this only makes the drain visible: one log line, and readiness turns 503 at
// once so load balancers stop sending requests while in-flight work finishes.
function announceShutdown(app: INestApplication, logger: Logger): void {
  const health = findHealthRegistry(app);
  for (const signal of SHUTDOWN_SIGNALS) {
    process.once(signal, () => {
      health?.markShuttingDown();
      logger.info({ signal }, 'shutdown signal received, draining');
    });
  }
}

function findHealthRegistry(app: INestApplication): HealthRegistry | undefined {
  try {
    return app.get(HealthRegistry, { strict: false });
  } catch {
    return undefined; // the service did not import ObservabilityModule
  }
}

function boundPort(app: INestApplication, requested: number): number {
  const address = app.getHttpServer().address() as AddressInfo | string | null;
  return typeof address === 'object' && address !== null ? address.port : requested;
}
