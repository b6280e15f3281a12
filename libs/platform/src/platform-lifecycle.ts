import {
  Inject,
  Injectable,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { topicSpecs } from '@stepwise/contracts';
import { runMigrations } from '@stepwise/database';
import { ensureTopics } from '@stepwise/kafka';
import { HealthRegistry, kafkaCheck, postgresCheck } from '@stepwise/observability';
import { OutboxRelay, waitForOutboxPublished } from '@stepwise/outbox';
import { PlatformRuntime } from './platform-runtime';
import type { PlatformOptions } from './platform-options';
import { DATABASE_SCHEMA, PG_POOL, PLATFORM_OPTIONS } from './tokens';

/**
 * Orders start and stop for the whole process. Start: migrations, topics, producer, then (once
 * consumers are up) the outbox relay. Stop, after consumers have left their groups: relay,
 * producer, admin, pool, so nothing is published after its connection is gone.
 */
@Injectable()
export class PlatformLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly admin;
  private readonly relay: OutboxRelay | null;

  constructor(
    private readonly runtime: PlatformRuntime,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    health: HealthRegistry,
    @Optional() @Inject(PG_POOL) private readonly pool: Pool | null,
    @Optional() @Inject(DATABASE_SCHEMA) private readonly schema: string | null,
  ) {
    this.admin = runtime.kafka.admin();
    health.register('kafka', kafkaCheck(this.admin));
    if (pool) health.register('postgres', postgresCheck(pool));
    this.relay =
      pool && options.database?.outbox !== false
        ? new OutboxRelay({
            pool,
            publisher: runtime,
            logger: runtime.logger,
            lockId: outboxLockId(schema ?? runtime.service),
          })
        : null;
  }

  async onModuleInit(): Promise<void> {
    if (this.pool && this.schema && this.options.database) {
      const { applied } = await runMigrations(this.pool, {
        schema: this.schema,
        migrationsDir: this.options.database.migrationsDir,
      });
      if (applied.length > 0) this.runtime.logger.info({ applied }, 'migrations applied');
    }
    await this.admin.connect();
    const specs = topicSpecs(this.runtime.config.KAFKA_TOPIC_PARTITIONS).map((spec) => ({
      ...spec,
      topic: this.runtime.topics.name(spec.topic),
    }));
    await ensureTopics(this.runtime.kafka, specs);
    await this.runtime.producer.connect();
  }

  onApplicationBootstrap(): void {
    this.relay?.start();
  }

  /** Lets a writer that just committed outbox rows have them published without waiting for a poll. */
  nudgeOutbox(): void {
    this.relay?.nudge();
  }

  /**
   * Resolves true once everything committed to the outbox so far is on the broker (false after
   * `timeoutMs`): for an API that answers only once its messages are published.
   */
  async outboxPublished(timeoutMs: number): Promise<boolean> {
    if (!this.pool || !this.relay) return true;
    return waitForOutboxPublished(this.pool, { timeoutMs, nudge: () => this.relay?.nudge() });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.runtime.producer.disconnect();
    await this.admin.disconnect();
    await this.pool?.end();
  }
}

/** A stable 31-bit number per service schema for the relay's advisory lock. */
function outboxLockId(name: string): number {
  let hash = 0;
  for (const char of `outbox:${name}`) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash & 0x7fffffff;
}
