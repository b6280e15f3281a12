import { Module } from '@nestjs/common';
import { IdentityHealthRecorder } from '@stepwise/channel-kit';
import { SERVICE_CONFIG } from '@stepwise/platform';
import { CHANNEL_SENDER, ChannelSendModule } from '@stepwise/channel-kit';
import { ACCEPTANCE_PROVIDERS } from '../acceptance/acceptance-polling';
import type { SocialConfig } from '../config';
import { SimulatorSocialProvider } from './simulator-social-provider';
import { SOCIAL_PROFILE, SOCIAL_PROVIDER } from './social-provider';
import { SocialSender } from './social-sender';
import { SocialStepDueConsumer } from './social-step-due.consumer';

/** LinkedIn automation providers drive a browser session per account: answers take seconds. */
const PROVIDER_TIMEOUT_MS = 30_000;

@Module({
  imports: [
    ChannelSendModule.register({
      sender: { provide: CHANNEL_SENDER, useClass: SocialSender },
      providers: [
        IdentityHealthRecorder,
        {
          provide: SOCIAL_PROVIDER,
          inject: [SERVICE_CONFIG],
          useFactory: (config: SocialConfig) =>
            new SimulatorSocialProvider({
              baseUrl: config.SOCIAL_PROVIDER_URL,
              token: config.SOCIAL_PROVIDER_TOKEN,
              timeoutMs: PROVIDER_TIMEOUT_MS,
            }),
        },
      ],
      settings: (config: SocialConfig) => ({
        provider: SOCIAL_PROFILE,
        concurrency: config.SOCIAL_SEND_CONCURRENCY,
        staleAfterMs: config.SOCIAL_STALE_SEND_AFTER_MS,
        sweepIntervalMs: config.SOCIAL_STALE_SWEEP_INTERVAL_MS,
        maxWaits: config.SOCIAL_MAX_CONNECTION_WAITS,
      }),
    }),
  ],
  providers: [SocialStepDueConsumer, ...ACCEPTANCE_PROVIDERS],
})
export class SocialModule {}
