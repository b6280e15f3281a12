import { z } from 'zod';
import { platformDatabaseEnvSchema, platformEnvSchema } from '@stepwise/platform';

const integer = () => z.coerce.number({ error: 'expected a number' }).int({ error: 'expected an integer' });

export const socialConfigSchema = platformEnvSchema.extend({
  ...platformDatabaseEnvSchema.shape,
  HTTP_PORT: platformEnvSchema.shape.HTTP_PORT.default(3004),
  /** The LinkedIn automation provider's API; the default is the local simulator (tools/social-simulator). */
  SOCIAL_PROVIDER_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3011'),
  SOCIAL_PROVIDER_TOKEN: z.string().min(1),
  /** Most provider calls in flight per instance. */
  SOCIAL_SEND_CONCURRENCY: integer().min(1).max(200).default(8),
  /**
   * How long an attempt may stay 'sending' before its process is presumed dead and the attempt is
   * reported as unknown_delivery_state. Must exceed the longest claim-to-settle time of a batch.
   */
  SOCIAL_STALE_SEND_AFTER_MS: integer().min(1_000).default(300_000),
  SOCIAL_STALE_SWEEP_INTERVAL_MS: integer().min(50).default(15_000),
  /** How often open connection requests are checked for acceptance. */
  SOCIAL_ACCEPTANCE_POLL_INTERVAL_MS: integer().min(50).default(60_000),
  /**
   * How long before the provider is asked again about one open invitation: providers rate-limit
   * per account, and candidates accept within days, so an hour late is no loss.
   */
  SOCIAL_ACCEPTANCE_RECHECK_AFTER_MS: integer().min(0).default(3_600_000),
  /**
   * How often a message waiting to connect is released (an accepted invitation was seen) and
   * still refused as not connected before it fails with that cause.
   */
  SOCIAL_MAX_CONNECTION_WAITS: integer().min(1).max(20).default(3),
  /**
   * How long a message waits to connect when its step sets no waitForConnectionDays: 14 days, as
   * LinkedIn shows a pending invitation for weeks but most that get accepted are within two.
   */
  SOCIAL_CONNECTION_WAIT_MS: integer()
    .min(1_000)
    .default(14 * 24 * 3_600_000),
});

export type SocialConfig = z.infer<typeof socialConfigSchema>;
