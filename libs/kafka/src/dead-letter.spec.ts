import { deadLetterSchema } from '@stepwise/contracts';
import type { KafkaMessage } from 'kafkajs';
import { buildDeadLetter, DEAD_LETTER_VALUE_LIMIT, deadLetterRecord } from './dead-letter';

const message: KafkaMessage = {
  key: Buffer.from('enr-1'),
  value: Buffer.from('{oops'),
  timestamp: '0',
  attributes: 0,
  offset: '42',
  headers: { 'event-id': Buffer.from('e-1') },
};

describe('dead letters', () => {
  const rejection = { kind: 'invalid_json' as const, reason: 'invalid JSON: x', details: 'more' };
  const now = new Date('2026-01-02T03:04:05.000Z');

  it('keeps the original message whole with where it came from and why it failed', () => {
    const letter = buildDeadLetter(message, rejection, { topic: 'in', partition: 3, consumerGroup: 'g', now });
    expect(letter).toEqual({
      originalTopic: 'in',
      partition: 3,
      offset: '42',
      key: 'enr-1',
      value: '{oops',
      headers: { 'event-id': 'e-1' },
      reason: 'invalid JSON: x',
      details: 'more',
      consumerGroup: 'g',
      failedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(deadLetterSchema.safeParse(letter).success).toBe(true);
  });

  it('goes to the dead-letter topic under the original key', () => {
    const letter = buildDeadLetter(message, rejection, { topic: 'in', partition: 3, consumerGroup: 'g', now });
    const record = deadLetterRecord(letter, 'invalid_json', 'dlq-test');
    expect(record).toMatchObject({ topic: 'dlq-test', key: 'enr-1', headers: { 'dead-letter-kind': 'invalid_json' } });
    expect(JSON.parse(record.value)).toEqual(letter);
  });

  it('cuts a value that would outgrow the dead-letter topic once escaped, naming its length and digest', () => {
    const hostile = `{"tenantId":"${'\u0000'.repeat(1024 * 1024)}"}`;
    const raw = { ...message, value: Buffer.from(hostile) };
    const letter = buildDeadLetter(raw, rejection, { topic: 'in', partition: 3, consumerGroup: 'g', now });
    expect(deadLetterSchema.parse(letter)).toEqual(letter);
    expect(JSON.stringify(letter.value).length).toBeLessThanOrEqual(DEAD_LETTER_VALUE_LIMIT);
    expect(hostile.startsWith(letter.value ?? 'missing')).toBe(true);
    expect(letter.truncated).toEqual({
      originalLength: hostile.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(deadLetterRecord(letter, 'invalid_json').value.length).toBeLessThan(DEAD_LETTER_VALUE_LIMIT + 2048);
  });

  it('keeps an ordinary value whole', () => {
    const letter = buildDeadLetter(message, rejection, { topic: 'in', partition: 3, consumerGroup: 'g', now });
    expect(letter.truncated).toBeUndefined();
  });
});
