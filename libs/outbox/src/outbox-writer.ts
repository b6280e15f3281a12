import type { PoolClient } from 'pg';
import type { Envelope } from '@stepwise/contracts';

export interface OutboxMessage {
  topic: string;
  envelope: Envelope;
}

/**
 * Appends messages to the service's outbox table inside the caller's transaction, so a state
 * change and the events announcing it commit together or not at all. One statement per call.
 */
export async function appendToOutbox(client: PoolClient, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await client.query(
    `INSERT INTO outbox (topic, message_key, envelope)
     SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])`,
    [
      messages.map((m) => m.topic),
      messages.map((m) => m.envelope.key),
      messages.map((m) => JSON.stringify(m.envelope)),
    ],
  );
}
