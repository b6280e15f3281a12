import { z } from 'zod';
import { platformDatabaseEnvSchema, platformEnvSchema } from '@stepwise/platform';

const integer = () => z.coerce.number({ error: 'expected a number' }).int({ error: 'expected an integer' });

export const smsConfigSchema = platformEnvSchema.extend({
  ...platformDatabaseEnvSchema.shape,
  HTTP_PORT: platformEnvSchema.shape.HTTP_PORT.default(3003),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { error: 'expected AC followed by 32 hex digits' }),
  TWILIO_AUTH_TOKEN: z.string().min(1),
  /** https://api.twilio.com in production; the default is the local fake (tools/twilio-fake). */
  TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3010'),
  /**
   * Where Twilio reaches this service from outside (status callbacks, inbound SMS): signatures
   * are checked against this URL, so behind a proxy it is the proxy's public address.
   */
  SMS_WEBHOOK_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3003'),
  /** Most Twilio calls in flight per instance; Twilio queues per sender number on its side. */
  SMS_SEND_CONCURRENCY: integer().min(1).max(200).default(16),
  /**
   * How long an attempt may stay 'sending' before its process is presumed dead and the attempt is
   * reported as unknown_delivery_state. Must exceed the longest claim-to-settle time of a batch.
   */
  SMS_STALE_SEND_AFTER_MS: integer().min(1_000).default(120_000),
  SMS_STALE_SWEEP_INTERVAL_MS: integer().min(50).default(15_000),
  /**
   * A sent SMS with no final status callback after this long is fetched from Twilio and settled as
   * if the callback had come (callbacks get lost, and Twilio does not retry them); one still on its
   * way is asked again after as long.
   */
  SMS_DELIVERY_CHECK_AFTER_MS: integer().min(100).default(60_000),
  SMS_DELIVERY_CHECK_INTERVAL_MS: integer().min(50).default(15_000),
});

export type SmsConfig = z.infer<typeof smsConfigSchema>;
