import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, PeriodicJob, SERVICE_CONFIG } from '@stepwise/platform';
import type { SmsConfig } from '../config';
import { CheckQuietDeliveries } from './check-quiet-deliveries';

/** Runs CheckQuietDeliveries every SMS_DELIVERY_CHECK_INTERVAL_MS while the service is up, one pass at a time. */
@Injectable()
export class DeliveryChecking implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob;

  constructor(@Inject(SERVICE_CONFIG) config: SmsConfig, @Inject(LOGGER) logger: Logger, check: CheckQuietDeliveries) {
    this.job = new PeriodicJob(
      { name: 'sms-delivery-check', intervalMs: config.SMS_DELIVERY_CHECK_INTERVAL_MS },
      () => check.execute(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  /** Before the platform closes the pool, so a pass in progress can commit. */
  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }
}
