import { groupByTopic } from './kafkajs-producer-client';
import { envelopeToRecord } from './envelope-record';

const envelope = {
  eventId: '0b8a4d5e-3f5e-4c1e-9d59-0a3f1d7c9b11',
  type: 'step.due',
  version: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  tenantId: 't1',
  key: 'enr-9',
  payload: { a: 1 },
};

describe('envelopeToRecord', () => {
  it('keys by the envelope key, serialises it whole and carries the event headers', () => {
    const record = envelopeToRecord({ topic: 'x', envelope, headers: { trace: 'abc', 'event-type': 'spoofed' } });
    expect(record.key).toBe('enr-9');
    expect(JSON.parse(record.value)).toEqual(envelope);
    expect(record.headers).toEqual({
      trace: 'abc',
      'event-type': 'step.due',
      'event-version': '1',
      'event-id': envelope.eventId,
    });
  });
});

describe('groupByTopic', () => {
  it('groups per topic keeping each topic in publish order', () => {
    const grouped = groupByTopic([
      { topic: 'a', key: '1', value: 'a1' },
      { topic: 'b', key: '1', value: 'b1' },
      { topic: 'a', key: '2', value: 'a2' },
    ]);
    expect(grouped.map((t) => [t.topic, t.messages.map((m) => m.value)])).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1']],
    ]);
  });
});
