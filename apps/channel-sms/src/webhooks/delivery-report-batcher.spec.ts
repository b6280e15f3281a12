import { DeliveryReportBatcher } from './delivery-report-batcher';
import type { RecordDeliveryStatus } from './record-delivery-status';
import type { DeliveryReport } from './sms-webhook.repository';

function recorder(fail = false) {
  const calls: DeliveryReport[][] = [];
  const record = {
    execute: async (reports: readonly DeliveryReport[]) => {
      calls.push([...reports]);
      if (fail) throw new Error('database away');
      return reports.length;
    },
  } as unknown as RecordDeliveryStatus;
  return { record, calls };
}

const report = (i: number): DeliveryReport => ({ messageSid: `SM${i}`, status: 'delivered', errorCode: undefined });

it('records callbacks that arrive together in one call, answering each after it', async () => {
  const { record, calls } = recorder();
  const batcher = new DeliveryReportBatcher(record);
  await Promise.all([1, 2, 3].map((i) => batcher.record(report(i))));

  expect(calls).toEqual([[report(1), report(2), report(3)]]);
});

it('writes a full batch at once and the rest after the window', async () => {
  const { record, calls } = recorder();
  const batcher = new DeliveryReportBatcher(record);
  await Promise.all(Array.from({ length: 501 }, (_, i) => batcher.record(report(i))));

  expect(calls.map((c) => c.length)).toEqual([500, 1]);
});

it('fails every callback of a batch that could not be recorded', async () => {
  const { record } = recorder(true);
  const batcher = new DeliveryReportBatcher(record);
  const results = await Promise.allSettled([batcher.record(report(1)), batcher.record(report(2))]);

  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
});
