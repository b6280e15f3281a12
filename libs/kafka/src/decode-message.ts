import type { KafkaMessage } from 'kafkajs';
import type { ZodType } from 'zod';
import { headersToRecord } from './headers';
import type { ConsumedMessage } from './types';
import { describeSchemaError } from './zod-reason';

/** Few, fixed values: used as a metric label, where free text would explode cardinality. */
export type RejectionKind = 'empty_value' | 'invalid_json' | 'schema' | 'handler_failed';

export interface Rejection {
  kind: RejectionKind;
  reason: string;
  details?: string;
}

export type Decoded<E> = { ok: true; message: ConsumedMessage<E> } | { ok: false; rejection: Rejection };

export interface MessageOrigin {
  topic: string;
  partition: number;
}

/** Parses and validates one raw message; never throws, since a bad message must not stop the partition. */
export function decodeMessage<E>(schema: ZodType<E>, origin: MessageOrigin, raw: KafkaMessage): Decoded<E> {
  if (raw.value === null || raw.value.length === 0) {
    return reject('empty_value', 'empty value (tombstone or null message)');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.value.toString('utf8'));
  } catch (error) {
    return reject('invalid_json', `invalid JSON: ${errorMessage(error)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const { reason, details } = describeSchemaError(parsed.error);
    return reject('schema', reason, details);
  }
  return {
    ok: true,
    message: {
      topic: origin.topic,
      partition: origin.partition,
      offset: raw.offset,
      key: raw.key?.toString('utf8') ?? null,
      envelope: parsed.data,
      headers: headersToRecord(raw.headers),
    },
  };
}

function reject(kind: RejectionKind, reason: string, details?: string): Decoded<never> {
  return { ok: false, rejection: details === undefined ? { kind, reason } : { kind, reason, details } };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
