import { z } from 'zod';
import { platformDatabaseEnvSchema, platformEnvSchema } from '@stepwise/platform';

const integer = () => z.coerce.number({ error: 'expected a number' }).int({ error: 'expected an integer' });

export const channelEmailConfigSchema = platformEnvSchema.extend(platformDatabaseEnvSchema.shape).extend({
  HTTP_PORT: platformEnvSchema.shape.HTTP_PORT.default(3002),
  /** Every sender identity's SMTP server, until identities carry their own settings and credentials. */
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: integer().min(1).max(65535).default(2525),
  /** Pooled connections per sender identity; mailbox providers throttle more per account than this. */
  SMTP_MAX_CONNECTIONS: integer().min(1).max(100).default(5),
  /** Emails of one batch in flight at once, across identities. */
  SMTP_SEND_CONCURRENCY: integer().min(1).max(10_000).default(100),
  /** Sender identities whose pooled transports stay open; the least recently used idle ones close beyond it. */
  SMTP_MAX_IDENTITIES: integer().min(1).default(500),
});

export type ChannelEmailConfig = z.infer<typeof channelEmailConfigSchema>;
