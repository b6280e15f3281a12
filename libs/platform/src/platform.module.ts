import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import type { Logger } from 'pino';
import { createPool } from '@stepwise/database';
import { createKafka } from '@stepwise/kafka';
import { createLogger, loadConfig, ObservabilityModule } from '@stepwise/observability';
import { NulByteRejectionPipe } from './http/nul-byte.pipe';
import { PlatformLifecycle } from './platform-lifecycle';
import type { PlatformOptions } from './platform-options';
import { PlatformRuntime } from './platform-runtime';
import type { PlatformConfig, PlatformDatabaseConfig } from './service-config';
import { DATABASE_SCHEMA, KAFKA, LOGGER, PG_POOL, PLATFORM_OPTIONS, SERVICE_CONFIG, SERVICE_NAME } from './tokens';

/**
 * Everything a Stepwise service stands on: validated config, logger, health and metrics, Kafka
 * (topics, producer, consumers), and for services that own data their Postgres schema, migrated at
 * start, with the outbox relay.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: PLATFORM_OPTIONS, useValue: options },
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: SERVICE_CONFIG, useFactory: () => loadConfig(options.configSchema) },
      {
        provide: LOGGER,
        inject: [SERVICE_CONFIG],
        useFactory: (config: PlatformConfig) => createLogger(options.service, config.LOG_LEVEL),
      },
      {
        provide: KAFKA,
        inject: [SERVICE_CONFIG, LOGGER],
        useFactory: (config: PlatformConfig, logger: Logger) =>
          createKafka({ brokers: config.KAFKA_BROKERS, clientId: options.service, logger }),
      },
      PlatformRuntime,
      PlatformLifecycle,
    ];
    if (options.database) {
      const { poolSize, schema } = options.database;
      providers.push(
        {
          provide: DATABASE_SCHEMA,
          inject: [SERVICE_CONFIG],
          useFactory: (config: PlatformDatabaseConfig) => config.DATABASE_SCHEMA ?? schema,
        },
        {
          provide: PG_POOL,
          inject: [SERVICE_CONFIG, DATABASE_SCHEMA],
          useFactory: (config: PlatformDatabaseConfig, resolvedSchema: string) =>
            createPool({
              connectionString: config.DATABASE_URL,
              max: poolSize ?? 10,
              applicationName: options.service,
              schema: resolvedSchema,
            }),
        },
      );
    }
    return {
      module: PlatformModule,
      global: true,
      imports: [ObservabilityModule.forRoot({ service: options.service })],
      // Every route of every service: Postgres text cannot hold a NUL (see NulByteRejectionPipe).
      providers: [...providers, { provide: APP_PIPE, useClass: NulByteRejectionPipe }],
      exports: providers.map(tokenOf),
    };
  }
}

function tokenOf(provider: Provider) {
  return typeof provider === 'function' ? provider : provider.provide;
}
