import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@stepwise/platform';
import { socialConfigSchema } from './config';
import { SocialModule } from './social/social.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'channel-social',
      configSchema: socialConfigSchema,
      database: { schema: 'channel_social', migrationsDir: join(__dirname, '..', 'prisma', 'migrations'), poolSize: 5 },
    }),
    SocialModule,
  ],
})
export class AppModule {}
