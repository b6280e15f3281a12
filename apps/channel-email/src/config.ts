import { z } from 'zod';
import { platformDatabaseEnvSchema, platformEnvSchema, secretKeysSchema } from '@stepwise/platform';

const integer = () => z.coerce.number({ error: 'expected a number' }).int({ error: 'expected an integer' });

export const channelEmailConfigSchema = platformEnvSchema.extend(platformDatabaseEnvSchema.shape).extend({
  HTTP_PORT: platformEnvSchema.shape.HTTP_PORT.default(3002),
  /** The relay of sender identities that have no connection of their own (see identity-connection/). */
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: integer().min(1).max(65535).default(2525),
  /** Pooled connections per sender identity; mailbox providers throttle more per account than this. */
  SMTP_MAX_CONNECTIONS: integer().min(1).max(100).default(5),
  /**
   * Emails per pooled connection before it is replaced. nodemailer's default of 100 costs a pause
   * of 100 ms+ per replacement (its pool waits before using a new connection), which halved the
   * throughput into the local sink; servers that allow fewer per connection close it themselves.
   */
  SMTP_MAX_MESSAGES_PER_CONNECTION: integer().min(1).default(1_000),
  /** Emails of one batch in flight at once, across identities. */
  SMTP_SEND_CONCURRENCY: integer().min(1).max(10_000).default(100),
  /** Sender identities whose pooled transports stay open; the least recently used idle ones close beyond it. */
  SMTP_MAX_IDENTITIES: integer().min(1).default(500),
  /** An identity's pooled transport unused this long is closed; the next send opens it again. */
  SMTP_IDLE_CLOSE_MS: integer().min(100).default(60_000),
  /**
   * Opens the sealed secrets of identity connections (enrollment seals with the same list):
   * `<keyId>:<base64 32 bytes>,...`, first one current. Without it identities send through the relay only.
   */
  IDENTITY_SECRET_KEYS: secretKeysSchema,
  /** Watch connected identities' mailboxes for replies (IMAP). Off: only the inbound SMTP endpoint sees replies. */
  MAILBOX_SYNC_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * A mailbox lease not renewed for this long is taken over by another instance: the longest a
   * dead instance's mailboxes go unwatched is about this plus one renew interval.
   */
  MAILBOX_LEASE_TTL_MS: integer().min(500).default(30_000),
  MAILBOX_LEASE_RENEW_MS: integer().min(100).default(10_000),
  /** A safety re-check of every watched mailbox, on top of IDLE (and the only check where IDLE is missing). */
  MAILBOX_POLL_MS: integer().min(100).default(60_000),
  /**
   * How long an attempt may stay 'sending' before its process is presumed dead and the attempt is
   * reported as unknown_delivery_state (channel kit's StaleSendSweeper). Must exceed the longest
   * claim-to-settle time of a chunk: SMTP timeouts and retries included, about a minute at worst.
   */
  EMAIL_STALE_SEND_AFTER_MS: integer().min(1_000).default(180_000),
  EMAIL_STALE_SWEEP_INTERVAL_MS: integer().min(50).default(15_000),
  /** Signs tracking links, pixels and unsubscribe links: a token altered by anyone else is refused. */
  TRACKING_SECRET: z.string().min(32, { error: 'expected at least 32 characters' }),
  /** Where recipients' mail clients reach this service's /t/... routes (the public URL in production). */
  TRACKING_BASE_URL: z.url().default('http://127.0.0.1:3002'),
  /** An open or click this soon after delivery is a scanner or proxy, not a person (docs/email-tracking.md). */
  TRACKING_MACHINE_WINDOW_SECONDS: integer().min(0).default(10),
  /** Replies and bounces arrive here (MX of the reply domain, or a relay forwarding to it). */
  INBOUND_SMTP_PORT: integer().min(0).max(65535).default(2527),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
});

export type ChannelEmailConfig = z.infer<typeof channelEmailConfigSchema>;
