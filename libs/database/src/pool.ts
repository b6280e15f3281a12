import { Pool } from 'pg';
import { assertSchemaName } from './schema-name';

export interface CreatePoolOptions {
  connectionString: string;
  /** Six services share one server (max_connections 100 on the system one): keep pools small. */
  max?: number;
  /** Shows up in pg_stat_activity, so a slow query points at its service. */
  applicationName: string;
  /** Sets search_path at connection start, so unqualified SQL hits the service's own schema. */
  schema?: string;
  /** Idle clients that lose their connection (server restart) emit here; pg already discards them. */
  onError?: (err: Error) => void;
}

const DEFAULT_MAX = 10;
// Fail a checkout after 10 s instead of hanging forever when the pool is exhausted or the server is gone.
const CONNECTION_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 30_000;

export function createPool(options: CreatePoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max ?? DEFAULT_MAX,
    application_name: options.applicationName,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    ...(options.schema ? { options: searchPathOption(options.schema) } : {}),
  });
  const onError = options.onError ?? (() => undefined);
  // Without a listener, an idle client's error would crash the process.
  pool.on('error', onError);
  // The pool listens only while a client is idle: a client checked out across an await (a claim
  // held open while Kafka acks) would crash the process when the server restarts. Its next query
  // fails instead, and the caller's rollback path handles that.
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export function searchPathOption(schema: string): string {
  return `-c search_path=${assertSchemaName(schema)}`;
}
