import type { Envelope } from '@stepwise/contracts';
import { EventHeaders } from './headers';
import type { OutgoingEnvelope, OutgoingRecord } from './types';

/**
 * The wire form of an envelope. The key is the envelope's own key (enrollment or recipient id),
 * which the default partitioner hashes, so all events of one recipient land on one partition in
 * order. Event headers are written last so a caller cannot make them disagree with the body.
 */
export function envelopeToRecord(message: OutgoingEnvelope): OutgoingRecord {
  return {
    topic: message.topic,
    key: message.envelope.key,
    value: JSON.stringify(message.envelope),
    headers: { ...message.headers, ...eventHeaders(message.envelope) },
  };
}

export function eventHeaders(envelope: Pick<Envelope, 'type' | 'version' | 'eventId'>): Record<string, string> {
  return {
    [EventHeaders.type]: envelope.type,
    [EventHeaders.version]: String(envelope.version),
    [EventHeaders.id]: envelope.eventId,
  };
}
