import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { socialConfigSchema } from './config';
import { SocialModule } from './social/social.module';

/** The Postgres schema this service owns and its migrations (also applied by `main.js migrate`). */
export const DATABASE = { schema: 'channel_social', migrationsDir: join(__dirname, '..', 'prisma', 'migrations') };

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'channel-social',
      configSchema: socialConfigSchema,
      database: { ...DATABASE, poolSize: 5 },
    }),
    SocialModule,
  ],
})
export class AppModule {}
