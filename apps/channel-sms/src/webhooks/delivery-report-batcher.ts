import { Injectable } from '@nestjs/common';
import { RecordDeliveryStatus } from './record-delivery-status';
import type { DeliveryReport } from './sms-webhook.repository';

/** Twilio posts one callback per message; those arriving within this window share a transaction. */
const GATHER_MS = 10;
/** A batch this large is written at once, without waiting out the window. */
const MOST_PER_BATCH = 500;

interface Waiting {
  report: DeliveryReport;
  settle: { resolve: () => void; reject: (error: unknown) => void };
}

/**
 * Gathers the final statuses of concurrent status callbacks into one RecordDeliveryStatus call:
 * one transaction and one outbox insert for a burst instead of one per callback. Each callback is
 * answered only once its batch committed, so a 2xx still means the status is recorded; when the
 * batch fails every callback in it gets the error (Twilio does not retry callbacks; the delivery
 * check asks Twilio about the message later).
 */
@Injectable()
export class DeliveryReportBatcher {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly recordDeliveryStatus: RecordDeliveryStatus) {}

  record(report: DeliveryReport): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ report, settle: { resolve, reject } });
      if (this.waiting.length >= MOST_PER_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), GATHER_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.recordDeliveryStatus.execute(batch.map((w) => w.report)).then(
      () => batch.forEach((w) => w.settle.resolve()),
      (error: unknown) => batch.forEach((w) => w.settle.reject(error)),
    );
  }
}
