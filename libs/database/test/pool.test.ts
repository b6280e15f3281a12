import type { Pool } from 'pg';
import { createPool, inTransaction } from '../src';
import { DATABASE_URL, dropSchemas, ensureDatabase, testPool, uniqueSchema } from './test-database';

const schema = uniqueSchema('pool');
let pool: Pool;

beforeAll(async () => {
  await ensureDatabase();
  pool = testPool();
  await pool.query(`CREATE SCHEMA "${schema}"`);
  await pool.query(`CREATE TABLE "${schema}".counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)`);
  await pool.query(`INSERT INTO "${schema}".counter (id, value) VALUES (1, 0)`);
});

afterAll(async () => {
  await dropSchemas(pool, [schema]);
  await pool.end();
});

test('createPool with a schema resolves unqualified SQL there and names the application', async () => {
  const scoped = createPool({ connectionString: DATABASE_URL, applicationName: 'stepwise-pool-test', schema });
  try {
    await scoped.query('INSERT INTO counter (id, value) VALUES (2, 0)');
    const { rows } = await scoped.query<{ search_path: string; app: string }>(
      "SELECT current_setting('search_path') AS search_path, current_setting('application_name') AS app",
    );
    expect(rows[0]).toEqual({ search_path: schema, app: 'stepwise-pool-test' });
  } finally {
    await scoped.end();
  }
});

test('inTransaction commits on success and rolls back on error', async () => {
  await inTransaction(pool, (client) => client.query(`UPDATE "${schema}".counter SET value = 1 WHERE id = 1`));
  const failed = inTransaction(pool, async (client) => {
    await client.query(`UPDATE "${schema}".counter SET value = 2 WHERE id = 1`);
    throw new Error('boom');
  });

  await expect(failed).rejects.toThrow('boom');
  const { rows } = await pool.query<{ value: number }>(`SELECT value FROM "${schema}".counter WHERE id = 1`);
  expect(rows[0]?.value).toBe(1);
});

test('a checked-out client whose server connection dies reports to onError and fails its next query, without crashing', async () => {
  const errors: Error[] = [];
  const scoped = createPool({
    connectionString: DATABASE_URL,
    applicationName: 'stepwise-pool-test',
    onError: (err) => errors.push(err),
  });
  try {
    const client = await scoped.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // As a server restart does while the client is held across an await (e.g. waiting for Kafka acks).
    await pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await waitForError(errors);
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    expect(errors[0].message).toMatch(/terminat/i);
  } finally {
    await scoped.end();
  }
});

async function waitForError(errors: Error[]): Promise<void> {
  for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
}
