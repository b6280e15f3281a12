import { apiKeysEnvSchema, platformDatabaseEnvSchema, platformEnvSchema } from '@stepwise/platform';

export const enrollmentConfigSchema = platformEnvSchema
  .extend(platformDatabaseEnvSchema.shape)
  .extend(apiKeysEnvSchema.shape)
  .extend({ HTTP_PORT: platformEnvSchema.shape.HTTP_PORT.default(3000) });

export type EnrollmentConfig = ReturnType<typeof enrollmentConfigSchema.parse>;
