import type { KafkaMessage } from 'kafkajs';
import { z } from 'zod';
import { decodeMessage } from './decode-message';

const schema = z.object({ type: z.literal('t'), key: z.string(), payload: z.object({ count: z.number() }) });
const origin = { topic: 'topic-a', partition: 2 };

function raw(value: string | null, offset = '7'): KafkaMessage {
  return {
    key: Buffer.from('k1'),
    value: value === null ? null : Buffer.from(value),
    timestamp: '0',
    attributes: 0,
    offset,
    headers: { 'event-type': Buffer.from('t'), multi: [Buffer.from('a'), Buffer.from('b')] },
  };
}

describe('decodeMessage', () => {
  it('returns the validated envelope with its position, key and string headers', () => {
    const decoded = decodeMessage(schema, origin, raw(JSON.stringify({ type: 't', key: 'k1', payload: { count: 1 } })));
    expect(decoded).toEqual({
      ok: true,
      message: {
        topic: 'topic-a',
        partition: 2,
        offset: '7',
        key: 'k1',
        envelope: { type: 't', key: 'k1', payload: { count: 1 } },
        headers: { 'event-type': 't', multi: 'b' },
      },
    });
  });

  it('rejects text that is not JSON', () => {
    const decoded = decodeMessage(schema, origin, raw('{not json'));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.rejection.kind).toBe('invalid_json');
      expect(decoded.rejection.reason).toMatch(/^invalid JSON: /);
    }
  });

  it('rejects a schema violation naming the field', () => {
    const decoded = decodeMessage(
      schema,
      origin,
      raw(JSON.stringify({ type: 't', key: 'k1', payload: { count: 'one' } })),
    );
    expect(decoded).toMatchObject({
      ok: false,
      rejection: { kind: 'schema', reason: expect.stringContaining('payload.count') },
    });
  });

  it('rejects an empty value', () => {
    expect(decodeMessage(schema, origin, raw(null))).toMatchObject({ ok: false, rejection: { kind: 'empty_value' } });
  });
});
