import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Envelope } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { OUTBOX_STATEMENT_ROWS, appendToOutbox, type OutboxMessage } from '../src';
import { outboxSchema } from './outbox-table';

let pool: Pool;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ pool, drop } = await outboxSchema('outbox_writer'));
});

afterAll(() => drop());

beforeEach(() => pool.query('TRUNCATE outbox'));

function message(i: number, reason: string): OutboxMessage {
  const envelope: Envelope = {
    eventId: randomUUID(),
    occurredAt: new Date(1_790_000_000_000 + i).toISOString(),
    tenantId: 'tenant-1',
    key: `enr_${i % 7}`,
    type: 'enrollment.transitioned',
    version: 1,
    payload: { index: i, reason, nested: { list: [i, null, true], empty: {} } },
  };
  return { topic: i % 2 ? 'topic.a' : 'topic.b', envelope };
}

async function stored(): Promise<{ topic: string; message_key: string; envelope: Envelope }[]> {
  const { rows } = await pool.query('SELECT topic, message_key, envelope FROM outbox ORDER BY id');
  return rows;
}

test('stores every message exactly, in the given order, across statement boundaries', async () => {
  // Characters that array literals and JSON both escape: quotes, backslashes, braces, commas, unicode.
  const awkward = 'say "hi", {x}\\n \\"y\\" \u00e9\u4e2d\ud83d\ude00 NULL \t\n end';
  const messages = Array.from({ length: OUTBOX_STATEMENT_ROWS * 2 + 3 }, (_, i) => message(i, `${awkward} ${i}`));
  await inTransaction(pool, (client) => appendToOutbox(client, messages));
  const rows = await stored();
  expect(rows).toEqual(messages.map((m) => ({ topic: m.topic, message_key: m.envelope.key, envelope: m.envelope })));
});

test('writes nothing when the caller transaction rolls back, even after a full statement went in', async () => {
  const messages = Array.from({ length: OUTBOX_STATEMENT_ROWS + 1 }, (_, i) => message(i, 'rolled back'));
  const failed = inTransaction(pool, async (client) => {
    await appendToOutbox(client, messages);
    throw new Error('the state change failed');
  });
  await expect(failed).rejects.toThrow('the state change failed');
  expect(await stored()).toEqual([]);
});
