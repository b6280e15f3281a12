import { z } from 'zod';
import { platformDatabaseEnvSchema, platformEnvSchema } from '@stepwise/platform';

const integer = () => z.coerce.number({ error: 'expected a number' }).int({ error: 'expected an integer' });

export const dispatcherConfigSchema = platformEnvSchema.extend(platformDatabaseEnvSchema.shape).extend({
  HTTP_PORT: platformEnvSchema.shape.HTTP_PORT.default(3001),
  /** Timers claimed, published and deleted per transaction; a full batch is followed at once by the next. */
  DISPATCHER_BATCH_SIZE: integer().min(1).max(50_000).default(2000),
  /**
   * Batches claimed and published at once, each holding one pooled connection while it waits for
   * Kafka: the next batch is claimed while the last is acked. 3: one being claimed, one being
   * published, one queued behind it in the producer (which sends one request at a time).
   */
  DISPATCHER_CONCURRENT_BATCHES: integer().min(1).max(6).default(3),
  /**
   * Shortest wait after a claim that was not full: timers coming due within it go out in one
   * claim. The loop then sleeps until the next stored timer is due or one due sooner is stored.
   */
  DISPATCHER_IDLE_POLL_MS: integer().min(1).max(60_000).default(50),
  /**
   * Longest sleep of a quiet claim loop: how long a timer stored by another dispatcher instance
   * that died before firing it can go unseen.
   */
  DISPATCHER_MAX_IDLE_MS: integer().min(1).max(60_000).default(1000),
  /**
   * Sends held back until a window opens (or a day's allowance renews) are released at a random
   * point of this many seconds after it, so one mailbox does not send its whole backlog at once.
   */
  DISPATCHER_RELEASE_SPREAD_SECONDS: integer().min(0).max(3600).default(120),
  /**
   * How long a cancelled timer's tombstone is kept. A stale schedule can only arrive while the
   * command topic still holds it, so the topic's retention (7 days) is enough.
   */
  DISPATCHER_TOMBSTONE_RETENTION_HOURS: integer().min(1).default(168),
});

export type DispatcherConfig = z.infer<typeof dispatcherConfigSchema>;
