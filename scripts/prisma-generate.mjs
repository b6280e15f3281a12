// Generates the Prisma client of every app (apps/*/prisma/schema.prisma) and of the database library's test
// fixture, offline: `prisma generate` only needs the WASM bundled with the CLI, and prisma.config.ts at the
// repo root points the native schema engine at a stub so the CLI never tries to download it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The CLI's bin file; resolved through package.json because the package's exports hide build/.
const prismaCli = join(
  dirname(createRequire(join(root, 'package.json')).resolve('prisma/package.json')),
  'build',
  'index.js',
);
const FIXTURE_SCHEMA = 'libs/database/test/fixtures/prisma/schema.prisma';

function targets() {
  const appsDir = join(root, 'apps');
  const apps = existsSync(appsDir)
    ? readdirSync(appsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => ({ name: entry.name, schema: join(appsDir, entry.name, 'prisma', 'schema.prisma') }))
        .sort((a, b) => (a.name < b.name ? -1 : 1))
    : [];
  return [...apps, { name: 'database (test fixture)', schema: join(root, FIXTURE_SCHEMA) }];
}

function generate(schema) {
  // Output is captured so a run prints one line per app, and shown in full only when generation fails.
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schema], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}

let failed = false;
for (const { name, schema } of targets()) {
  if (!existsSync(schema)) {
    console.log(`prisma-generate: ${name}: skipped (no prisma/schema.prisma)`);
    continue;
  }
  const started = Date.now();
  try {
    generate(schema);
    console.log(`prisma-generate: ${name}: generated from ${relative(root, schema)} in ${Date.now() - started} ms`);
  } catch (err) {
    failed = true;
    console.error(`prisma-generate: ${name}: FAILED for ${relative(root, schema)}`);
    console.error(String(err.stdout ?? ''), String(err.stderr ?? err.message));
  }
}
process.exit(failed ? 1 : 0);
