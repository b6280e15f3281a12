import type { Envelope } from '@stepwise/contracts';

/** One message handed to a consumer's handler, already parsed and validated. */
export interface ConsumedMessage<E> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  envelope: E;
  headers: Record<string, string>;
}

/** What services publish: an envelope is keyed by its own `key` so one recipient stays ordered. */
export interface OutgoingEnvelope {
  topic: string;
  envelope: Envelope;
  headers?: Record<string, string>;
}

/** A message that is not an envelope (dead letters): key, value and headers as they go on the wire. */
export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: string;
  headers?: Record<string, string>;
}
