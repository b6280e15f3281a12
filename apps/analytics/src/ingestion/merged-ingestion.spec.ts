import type { ConsumedMessage } from '@stepwise/kafka';
import type { AnalyticsMessage } from './analytics-message';
import type { IngestAnalyticsBatch } from './ingest-analytics-batch.use-case';
import { MergedIngestion } from './merged-ingestion';

const message = (offset: string) => ({ offset }) as ConsumedMessage<AnalyticsMessage>;

/** Records every transaction it is asked to run; one containing the poisoned offset fails. */
function ingestRecorder(poisoned = '') {
  const transactions: string[][] = [];
  const ingest = {
    execute: async (messages: readonly ConsumedMessage<AnalyticsMessage>[]) => {
      transactions.push(messages.map((m) => m.offset));
      if (messages.some((m) => m.offset === poisoned)) throw new Error(`poisoned ${poisoned}`);
    },
  };
  return { transactions, merged: new MergedIngestion(ingest as unknown as IngestAnalyticsBatch) };
}

describe('MergedIngestion', () => {
  test('batches handed over together are applied in one transaction', async () => {
    const { transactions, merged } = ingestRecorder();
    await Promise.all([merged.apply([message('1'), message('2')]), merged.apply([message('7')])]);
    expect(transactions).toEqual([['1', '2', '7']]);
  });

  test('a poisoned message fails only the batch it came in, the others are applied', async () => {
    const { transactions, merged } = ingestRecorder('7');
    const results = await Promise.allSettled([
      merged.apply([message('1')]),
      merged.apply([message('7')]),
      merged.apply([message('9')]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(transactions).toEqual([['1', '7', '9'], ['1'], ['7'], ['9']]);
  });

  test('a batch applied alone fails with its own error', async () => {
    const { merged } = ingestRecorder('3');
    await expect(merged.apply([message('3')])).rejects.toThrow('poisoned 3');
  });
});
