import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { prismaAdapter } from '@stepwise/database';
import { DATABASE_SCHEMA, SERVICE_CONFIG } from '@stepwise/platform';
import { PrismaClient } from '../generated/prisma/client';
import type { EnrollmentConfig } from '../config';

/** Prisma for the service's ordinary CRUD; hot paths use the plain pg pool. */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(SERVICE_CONFIG) config: EnrollmentConfig, @Inject(DATABASE_SCHEMA) schema: string) {
    super({ adapter: prismaAdapter(config.DATABASE_URL, schema, { max: 4, applicationName: 'enrollment-prisma' }) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
