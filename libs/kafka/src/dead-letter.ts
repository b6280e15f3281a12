import { createHash } from 'node:crypto';
import { Topics, type DeadLetter } from '@stepwise/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { Rejection } from './decode-message';
import { headersToRecord } from './headers';
import type { OutgoingRecord } from './types';

export interface DeadLetterContext {
  topic: string;
  partition: number;
  consumerGroup: string;
  /** Defaults to Topics.deadLetter; tests use their own topic per run. */
  deadLetterTopic?: string;
  now?: Date;
}

/**
 * Characters of the original value a dead letter keeps, counted as escaped in JSON: any sane
 * message fits whole; hostile ones (a megabyte of control characters, each escaped to six) are
 * cut so that a fetch's worth of them still fits the dead-letter topic's 16 MiB together.
 */
export const DEAD_LETTER_VALUE_LIMIT = 512 * 1024;

/**
 * Keeps the original bytes (as UTF-8 text), key and headers so the message can be replayed as it
 * was. An oversized value is cut, with its length and digest, and stays whole on its own topic.
 */
export function buildDeadLetter(raw: KafkaMessage, rejection: Rejection, context: DeadLetterContext): DeadLetter {
  const value = raw.value?.toString('utf8') ?? null;
  const kept = value === null ? null : keptValue(value);
  const record: DeadLetter = {
    originalTopic: context.topic,
    partition: context.partition,
    offset: raw.offset,
    key: raw.key?.toString('utf8') ?? null,
    value: kept,
    headers: headersToRecord(raw.headers),
    reason: rejection.reason,
    consumerGroup: context.consumerGroup,
    failedAt: (context.now ?? new Date()).toISOString(),
  };
  if (rejection.details !== undefined) record.details = rejection.details;
  if (value !== null && kept !== value) {
    record.truncated = { originalLength: value.length, sha256: createHash('sha256').update(value).digest('hex') };
  }
  return record;
}

function keptValue(value: string): string {
  if (JSON.stringify(value).length <= DEAD_LETTER_VALUE_LIMIT) return value;
  // Escaping grows a character to at most six: this prefix always fits, and is usually longer.
  let end = Math.floor(DEAD_LETTER_VALUE_LIMIT / 6);
  while (end < value.length && JSON.stringify(value.slice(0, end * 2)).length <= DEAD_LETTER_VALUE_LIMIT) end *= 2;
  return value.slice(0, end);
}

/**
 * Dead letters keep the original key so one recipient's failures stay together and in order.
 * The kind header lets an operator filter the topic without parsing every record.
 */
export function deadLetterRecord(deadLetter: DeadLetter, kind: Rejection['kind'], topic?: string): OutgoingRecord {
  return {
    topic: topic ?? Topics.deadLetter,
    key: deadLetter.key,
    value: JSON.stringify(deadLetter),
    headers: { 'dead-letter-kind': kind, 'original-topic': deadLetter.originalTopic },
  };
}
