import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../../config';
import { IdentityConnections } from '../../identity-connection/identity-connections';
import { SmtpSender } from './smtp-sender';

/**
 * The process's SmtpSender, closed on the last shutdown phase: consumers stop (finishing their
 * in-flight batch) before it, so no send is cut off by a closing pool.
 */
@Injectable()
export class SmtpSenderLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SmtpSender) private readonly sender: SmtpSender) {}

  onApplicationShutdown(): void {
    this.sender.close();
  }
}

export const smtpSenderProvider = {
  provide: SmtpSender,
  inject: [SERVICE_CONFIG, IdentityConnections],
  useFactory: (config: ChannelEmailConfig, connections: IdentityConnections) =>
    new SmtpSender(
      {
        relay: { host: config.SMTP_HOST, port: config.SMTP_PORT },
        maxConnections: config.SMTP_MAX_CONNECTIONS,
        maxMessagesPerConnection: config.SMTP_MAX_MESSAGES_PER_CONNECTION,
        maxIdentities: config.SMTP_MAX_IDENTITIES,
        maxInFlight: config.SMTP_SEND_CONCURRENCY,
        idleCloseMs: config.SMTP_IDLE_CLOSE_MS,
      },
      (identityId) => connections.smtp(identityId),
    ),
};
