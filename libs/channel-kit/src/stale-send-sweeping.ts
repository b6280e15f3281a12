import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { StaleSendSweeper } from './stale-send-sweeper';

/** Starts the channel's StaleSendSweeper with the app and stops it before the pool closes. */
@Injectable()
export class StaleSendSweeping implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly sweeper: StaleSendSweeper) {}

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  /** Before the platform closes the pool (beforeApplicationShutdown), so a sweep in progress can commit. */
  async onModuleDestroy(): Promise<void> {
    await this.sweeper.stop();
  }
}
