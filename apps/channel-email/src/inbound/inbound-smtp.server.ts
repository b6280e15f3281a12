import type { AddressInfo } from 'node:net';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { LOGGER, SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../config';
import { readInboundMail } from './inbound-mail';
import { RecordInbound } from './record-inbound';

/** Replies and bounces are small; anything larger is refused before it fills memory. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * The inbound SMTP endpoint (the reply domain's MX, or a relay forwarding to it). A message is
 * acknowledged only once its outcome is in the outbox: if recording fails the sender gets a 451
 * and delivers it again later, so no reply or bounce is lost.
 */
@Injectable()
export class InboundSmtpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: SMTPServer;
  private boundPort = 0;

  constructor(
    private readonly recordInbound: RecordInbound,
    @Inject(SERVICE_CONFIG) private readonly config: ChannelEmailConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      size: MAX_MESSAGE_BYTES,
      closeTimeout: CLOSE_TIMEOUT_MS,
      logger: false,
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(null, 'Message accepted'),
          (error: Error) => callback(Object.assign(error, { responseCode: 451 })),
        );
      },
    });
    this.server.on('error', (error) => this.logger.warn({ err: error }, 'inbound smtp connection error'));
  }

  get port(): number {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(this.config.INBOUND_SMTP_PORT, this.config.INBOUND_SMTP_HOST, () => {
        this.server.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.server.address() as AddressInfo).port;
    this.logger.info({ port: this.boundPort }, 'inbound smtp listening');
  }

  onApplicationShutdown(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw Object.assign(new Error('message too large'), { responseCode: 552 });
    const recipients = session.envelope.rcptTo.map((r) => r.address);
    // `MAIL FROM:<>` is the null return path of bounces and auto-replies: the classifier must see it.
    const mailFrom = session.envelope.mailFrom;
    const returnPath = mailFrom === false ? '' : mailFrom.address;
    const mail = await readInboundMail(Buffer.concat(chunks), { recipients, returnPath, receivedAt: new Date() });
    await this.recordInbound.execute(mail);
  }
}
