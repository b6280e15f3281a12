import { Inject, Injectable } from '@nestjs/common';
import type twilio from 'twilio';
import type { Logger } from 'pino';
import { ConcurrencyLimit } from '@stepwise/channel-kit';
import { LOGGER, SERVICE_CONFIG } from '@stepwise/platform';
import type { SmsConfig } from '../config';
import { TWILIO_CLIENT } from '../sms/sms-sender';
import { RecordDeliveryStatus } from '../webhooks/record-delivery-status';
import type { DeliveryReport } from '../webhooks/sms-webhook.repository';
import { ApplyEarlyDeliveryReportsUseCase } from './apply-early-delivery-reports.use-case';
import { AwaitingDeliveryRepository } from './awaiting-delivery.repository';

/** Messages asked about per pass; a backlog is worked through in several. */
const CHECK_LIMIT = 200;

/**
 * Asks Twilio for the status of sent messages whose final status callback has not come, and
 * settles the final ones as if it had. Twilio posts each callback once and never retries it, so a
 * callback that found channel-sms down, slow or failing is otherwise lost for good. One that
 * arrived before its send was settled (Twilio can report delivery within milliseconds, while the
 * batch's other sends are still in flight) was kept, and is applied first, without asking.
 */
@Injectable()
export class CheckQuietDeliveries {
  private readonly limit: ConcurrencyLimit;

  constructor(
    @Inject(TWILIO_CLIENT) private readonly client: twilio.Twilio,
    @Inject(SERVICE_CONFIG) private readonly config: SmsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repository: AwaitingDeliveryRepository,
    private readonly recordDeliveryStatus: RecordDeliveryStatus,
    private readonly applyEarlyReports: ApplyEarlyDeliveryReportsUseCase,
  ) {
    this.limit = new ConcurrencyLimit(config.SMS_SEND_CONCURRENCY);
  }

  /** Checks until no quiet message is left; returns how many outcomes were published. */
  async execute(): Promise<number> {
    // Statuses that came before their send was settled need no question to Twilio.
    let published = await this.applyEarlyReports.execute();
    for (;;) {
      const sids = await this.repository.claimQuiet(this.config.SMS_DELIVERY_CHECK_AFTER_MS, CHECK_LIMIT);
      const reports = (await Promise.all(sids.map((sid) => this.limit.run(() => this.fetch(sid))))).filter(
        (report): report is DeliveryReport => report !== null,
      );
      published += await this.recordDeliveryStatus.execute(reports);
      if (sids.length < CHECK_LIMIT) break;
    }
    if (published > 0) this.logger.info({ published }, 'settled SMS whose status callback never came');
    return published;
  }

  /** Null when Twilio cannot say now: the message is asked about again on a later pass. */
  private async fetch(messageSid: string): Promise<DeliveryReport | null> {
    try {
      const message = await this.client.messages(messageSid).fetch();
      // Twilio's error codes start at 10001: 0 or null means none.
      return {
        messageSid,
        status: message.status,
        errorCode: message.errorCode ? String(message.errorCode) : undefined,
      };
    } catch (error) {
      this.logger.warn({ err: error }, 'could not fetch an SMS status from Twilio');
      return null;
    }
  }
}
