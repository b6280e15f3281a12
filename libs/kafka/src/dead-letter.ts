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

/** Keeps the original bytes (as UTF-8 text), key and headers so the message can be replayed as it was. */
export function buildDeadLetter(raw: KafkaMessage, rejection: Rejection, context: DeadLetterContext): DeadLetter {
  const record: DeadLetter = {
    originalTopic: context.topic,
    partition: context.partition,
    offset: raw.offset,
    key: raw.key?.toString('utf8') ?? null,
    value: raw.value?.toString('utf8') ?? null,
    headers: headersToRecord(raw.headers),
    reason: rejection.reason,
    consumerGroup: context.consumerGroup,
    failedAt: (context.now ?? new Date()).toISOString(),
  };
  if (rejection.details !== undefined) record.details = rejection.details;
  return record;
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
