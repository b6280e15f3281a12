import { apiKeysEnvSchema, platformDatabaseEnvSchema, platformEnvSchema } from '@stepwise/platform';

export const analyticsConfigSchema = platformEnvSchema
  .extend(platformDatabaseEnvSchema.shape)
  .extend(apiKeysEnvSchema.shape)
  .extend({ HTTP_PORT: platformEnvSchema.shape.HTTP_PORT.default(3005) });

export type AnalyticsConfig = ReturnType<typeof analyticsConfigSchema.parse>;
