import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { Topics } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox, type OutboxMessage } from '@stepwise/outbox';
import { LOGGER, PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { outcomeEnvelope } from '@stepwise/channel-kit';
import { deliveryVerdict, type DeliveryVerdict } from './delivery-status';
import { SmsWebhookRepository, type DeliveryReport, type SentStep } from './sms-webhook.repository';

/**
 * Final statuses of sent messages, from a status callback or from asking Twilio: each becomes the
 * step's 'delivered' or 'failed' outcome, once, whichever way it arrives first.
 */
@Injectable()
export class RecordDeliveryStatus {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repository: SmsWebhookRepository,
    private readonly lifecycle: PlatformLifecycle,
  ) {}

  /**
   * Returns how many outcomes were published; statuses on the way ('sent') are ignored, and a final
   * one for a message not settled yet is kept until it is (ApplyEarlyDeliveryReports).
   */
  async execute(reports: readonly DeliveryReport[]): Promise<number> {
    const published = await inTransaction(this.pool, (client) => this.recordIn(client, reports));
    if (published > 0) this.lifecycle.nudgeOutbox();
    return published;
  }

  /** The same inside the caller's transaction; the caller nudges the outbox relay. */
  async recordIn(client: PoolClient, reports: readonly DeliveryReport[]): Promise<number> {
    const outcomes = await this.outcomesOf(client, reports);
    await appendToOutbox(client, outcomes);
    return outcomes.length;
  }

  /**
   * Records the final statuses inside the caller's transaction and returns their outcomes for the
   * caller to append (a settle appends them after the sends' own outcomes, keeping their order).
   */
  async outcomesOf(client: PoolClient, reports: readonly DeliveryReport[]): Promise<OutboxMessage[]> {
    const final = reports.flatMap((report) => {
      const verdict = deliveryVerdict(report.status, report.errorCode);
      return verdict ? [{ report, verdict }] : [];
    });
    if (final.length === 0) return [];
    const settled = await this.repository.settleDeliveries(
      client,
      final.map(({ report }) => report),
    );
    const outcomes = final.flatMap(({ report, verdict }) => {
      const sent = settled.get(report.messageSid);
      return sent ? [outcomeMessage(report.messageSid, sent, verdict)] : [];
    });
    await this.repository.keepEarly(
      client,
      final.filter(({ report }) => !settled.has(report.messageSid)).map(({ report }) => report),
    );
    if (outcomes.length < final.length) {
      this.logger.debug(
        { reports: final.length, published: outcomes.length },
        'final statuses for unknown or settled messages',
      );
    }
    return outcomes;
  }
}

function outcomeMessage(messageSid: string, sent: SentStep, verdict: NonNullable<DeliveryVerdict>): OutboxMessage {
  return {
    topic: Topics.smsOutcomes,
    envelope: outcomeEnvelope({
      channel: 'sms',
      tenantId: sent.tenantId,
      step: sent.step,
      outcome: verdict.outcome,
      providerMessageId: messageSid,
      failure: verdict.outcome === 'failed' ? verdict.failure : undefined,
    }),
  };
}
