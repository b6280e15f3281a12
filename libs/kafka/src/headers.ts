import type { IHeaders } from 'kafkajs';

/** Header names every envelope carries, so routers and tools can read the type without parsing. */
export const EventHeaders = {
  type: 'event-type',
  version: 'event-version',
  id: 'event-id',
} as const;

/**
 * kafkajs hands headers over as Buffers (or arrays when a name repeats). Handlers and dead
 * letters want plain strings; for a repeated name the last value wins, as in Kafka's own
 * Headers.lastHeader().
 */
export function headersToRecord(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}
