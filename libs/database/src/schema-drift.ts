import { spawn } from 'node:child_process';
import { extname, join, resolve } from 'node:path';
import { MIGRATIONS_TABLE } from './migration-runner';
import { flattenDriftSummary } from './schema-drift-summary';
import type { DriftRequest, DriftResponse } from './schema-drift-worker';
import { assertSchemaName } from './schema-name';

export interface SchemaDriftOptions {
  /** Path to the app's schema.prisma. */
  schemaPath: string;
  connectionString: string;
  /** The Postgres schema the app's migrations built. */
  schema: string;
}

const WORKER_TIMEOUT_MS = 60_000;

/**
 * Lists the differences between schema.prisma and the tables in `schema`, as Prisma's schema engine sees
 * them: each line is a change the database would need to match schema.prisma (e.g. "Added tables: step"
 * means the model exists but its table does not). Empty when in sync; one line when the schema is missing.
 * The migrations ledger is ignored, and so is what schema.prisma cannot express (CHECK constraints, partial
 * indexes, storage parameters, triggers, functions, views). Read-only; takes about a second.
 */
export async function diffPrismaSchemaAgainstDatabase(options: SchemaDriftOptions): Promise<string[]> {
  const schema = assertSchemaName(options.schema);
  const request: DriftRequest = {
    schemaPath: resolve(options.schemaPath),
    connectionString: options.connectionString,
    schema,
    ignoredTables: [`${schema}.${MIGRATIONS_TABLE}`],
  };
  const response = await runWorker(request);
  if (!response.ok) throw new Error(`Schema drift check for "${schema}" failed: ${response.error}`);
  return response.differs ? flattenDriftSummary(response.summary) : [];
}

function workerCommand(): string[] {
  const extension = extname(__filename);
  const worker = join(__dirname, `schema-drift-worker${extension}`);
  return extension === '.ts' ? ['-r', require.resolve('@swc-node/register'), worker] : [worker];
}

function runWorker(request: DriftRequest): Promise<DriftResponse> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, workerCommand(), {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: WORKER_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      try {
        resolvePromise(JSON.parse(stdout) as DriftResponse);
      } catch {
        reject(new Error(`Schema drift worker exited (code ${code}, signal ${signal}) without an answer: ${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}
