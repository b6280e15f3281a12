import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, SERVICE_CONFIG } from '@stepwise/platform';
import type { SmsConfig } from '../config';
import { CheckQuietDeliveries } from './check-quiet-deliveries';

/** Runs CheckQuietDeliveries every SMS_DELIVERY_CHECK_INTERVAL_MS while the service is up, one pass at a time. */
@Injectable()
export class DeliveryChecking implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: SmsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly check: CheckQuietDeliveries,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.check
        .execute()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'SMS delivery check failed'))
        .finally(() => (this.running = null));
    }, this.config.SMS_DELIVERY_CHECK_INTERVAL_MS);
  }

  /** Before the platform closes the pool, so a pass in progress can commit. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
