import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../config';
import { TrackingTokens } from './tracking-token';
import { TrackingUrls } from './tracking-urls';

const trackingTokensProvider = {
  provide: TrackingTokens,
  inject: [SERVICE_CONFIG],
  useFactory: (config: ChannelEmailConfig) => new TrackingTokens(config.TRACKING_SECRET),
};

/** Minting and checking tracking tokens: shared by the send path, the tracking routes and inbound mail. */
@Module({ providers: [trackingTokensProvider, TrackingUrls], exports: [TrackingTokens, TrackingUrls] })
export class TrackingModule {}
