import { Client } from 'pg';
import { waitFor } from '../wait-for';

/** Row count and content checksum of each table: equal digests mean nothing was written. */
export type StateDigest = Record<string, { rows: number; checksum: string }>;

export interface DigestOptions {
  /** Tables left out, e.g. the record of handled event ids, which a no-op event may still add to. */
  ignore?: readonly string[];
}

export async function stateDigest(
  databaseUrl: string,
  schemas: readonly string[],
  options: DigestOptions = {},
): Promise<StateDigest> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
      [schemas],
    );
    const digest: StateDigest = {};
    for (const { schema, name } of tables.rows) {
      if (options.ignore?.includes(name)) continue;
      const table = `"${schema}"."${name}"`;
      const { rows } = await client.query<{ rows: string; checksum: string }>(
        `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS checksum FROM ${table} t`,
      );
      digest[`${schema}.${name}`] = { rows: Number(rows[0]?.rows), checksum: rows[0]?.checksum ?? '' };
    }
    return digest;
  } finally {
    await client.end();
  }
}

/**
 * The digest once the services stopped writing: the same on two readings `quietMs` apart.
 * Taken before the bad input goes in, so a later difference is the bad input's doing.
 */
export async function settledDigest(
  databaseUrl: string,
  schemas: readonly string[],
  options: DigestOptions & { quietMs?: number; timeoutMs?: number } = {},
): Promise<StateDigest> {
  let previous = await stateDigest(databaseUrl, schemas, options);
  return waitFor(
    `the state of ${schemas.join(', ')} to settle`,
    async () => {
      await new Promise((resolve) => setTimeout(resolve, options.quietMs ?? 1_500));
      const current = await stateDigest(databaseUrl, schemas, options);
      const same = JSON.stringify(current) === JSON.stringify(previous);
      previous = current;
      return same ? current : undefined;
    },
    { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 0 },
  );
}
