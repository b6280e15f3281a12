/**
 * Child-process entry for diffPrismaSchemaAgainstDatabase: reads a DriftRequest as JSON on stdin and
 * prints a DriftResponse as JSON on stdout. It runs apart from the caller because
 * @prisma/schema-engine-wasm is an ES module wrapping WASM, which jest's module system cannot load,
 * and because it keeps the engine's 5 MB WASM instance out of long-lived processes.
 */
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type * as SchemaEngineWasm from '@prisma/schema-engine-wasm/schema_engine_bg';
import { CatalogClient, catalogAdapter } from './schema-drift-catalog-adapter';

export interface DriftRequest {
  schemaPath: string;
  connectionString: string;
  schema: string;
  /** Tables in the schema that schema.prisma does not model (the migrations ledger). */
  ignoredTables: string[];
}

export type DriftResponse = { ok: true; differs: boolean; summary: string } | { ok: false; error: string };

const ENGINE_MODULE = '@prisma/schema-engine-wasm/schema_engine_bg';
// With exitCode set, the engine answers 2 when the two sides differ (as `prisma migrate diff --exit-code`).
const EXIT_CODE_DIFFERS = 2;

declare global {
  // The engine's panic hook writes the Rust panic message here before the WASM traps.
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void };
}

let panicMessage = '';
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => (panicMessage = message) };

// @types/node 20 does not declare the WebAssembly global and the DOM lib is off: type just what is used.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
}

async function loadEngine(): Promise<typeof SchemaEngineWasm> {
  // Node >= 20.19 loads this ES module through require(esm); the WASM is instantiated by hand because
  // the package expects a bundler to resolve its `import * as wasm from "./schema_engine_bg.wasm"`.
  const bindings = (await import(ENGINE_MODULE)) as typeof SchemaEngineWasm;
  const wasmPath = join(dirname(require.resolve(ENGINE_MODULE)), 'schema_engine_bg.wasm');
  const { Module, Instance } = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new Instance(new Module(await readFile(wasmPath)), { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings;
}

async function schemaExists(pool: pg.Pool, schema: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return rowCount === 1;
}

async function diff(request: DriftRequest): Promise<{ differs: boolean; summary: string }> {
  const engineModule = await loadEngine();
  const pool = new pg.Pool({ connectionString: request.connectionString, max: 2, Client: CatalogClient });
  try {
    // The engine creates the schema it connects to: a check must not, so a missing schema is answered here.
    if (!(await schemaExists(pool, request.schema))) {
      return { differs: true, summary: `Schema "${request.schema}" does not exist in the database` };
    }
    const adapter = bindMigrationAwareSqlAdapterFactory(catalogAdapter(pool, request.schema));
    const file = { path: request.schemaPath, content: await readFile(request.schemaPath, 'utf8') };
    const engine = await engineModule.SchemaEngine.new(
      { datamodels: [[file.path, file.content]] },
      () => undefined,
      adapter,
    );
    try {
      const result = await engine.diff({
        from: { tag: 'schemaDatasource', files: [file], configDir: dirname(request.schemaPath) },
        to: { tag: 'schemaDatamodel', files: [file] },
        script: false,
        exitCode: true,
        filters: { externalTables: request.ignoredTables, externalEnums: [] },
      });
      return { differs: result.exitCode === EXIT_CODE_DIFFERS, summary: result.stdout ?? '' };
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return panicMessage ? `${panicMessage}\n${message}` : message;
}

function answer(response: DriftResponse): void {
  process.stdout.write(JSON.stringify(response));
}

async function main(): Promise<void> {
  // A Rust panic traps inside a WASM callback, outside any awaited promise: report it like any other error.
  process.on('uncaughtException', (err) => {
    answer({ ok: false, error: describeError(err) });
    process.exit(1);
  });
  try {
    const request = JSON.parse(await readStdin()) as DriftRequest;
    answer({ ok: true, ...(await diff(request)) });
  } catch (err) {
    answer({ ok: false, error: describeError(err) });
  }
}

void main();
