import { z } from 'zod';
import { apiKeysEnvSchema, platformDatabaseEnvSchema, platformEnvSchema, secretKeysSchema } from '@stepwise/platform';

export const enrollmentConfigSchema = platformEnvSchema
  .extend(platformDatabaseEnvSchema.shape)
  .extend(apiKeysEnvSchema.shape)
  .extend({
    HTTP_PORT: platformEnvSchema.shape.HTTP_PORT.default(3000),
    /**
     * Seals identity connection secrets before they are stored or published (channel-email opens
     * them with the same list): `<keyId>:<base64 32 bytes>,...`, the first one seals. Without it a
     * connection is refused with 503.
     */
    IDENTITY_SECRET_KEYS: secretKeysSchema,
    /** How long POST /v1/identities/{id}/verify waits for channel-email's answer before a 202. */
    IDENTITY_VERIFY_WAIT_MS: z.coerce.number().int().min(0).max(120_000).default(25_000),
  });

export type EnrollmentConfig = ReturnType<typeof enrollmentConfigSchema.parse>;
