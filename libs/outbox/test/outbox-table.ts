import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { createPool } from '@stepwise/database';

// Not @stepwise/testing: it depends on channel-kit, which depends on this library.
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/stepwise_test';

/** A schema of its own holding the outbox table every service's migrations create. */
export async function outboxSchema(label: string): Promise<{ pool: Pool; drop: () => Promise<void> }> {
  const schema = `t_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(async (client) => {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(
      `CREATE TABLE "${schema}".outbox (id BIGSERIAL PRIMARY KEY, topic TEXT NOT NULL, message_key TEXT NOT NULL,
         envelope JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
  });
  const pool = createPool({ connectionString: DATABASE_URL, applicationName: `${label}-test`, max: 3, schema });
  return {
    pool,
    drop: async () => {
      await pool.end();
      await admin((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
