// Compiles each service (apps/<app>) and local stand-in (tools/<tool>) to plain CommonJS under
// dist/, so production starts `node dist/apps/<app>/main.js` with production dependencies only.
//
// Usage: node scripts/build.mjs [--if-stale] [name...]   (no names: every app and tool)
//
// Only what main.ts reaches is compiled: the build follows require() from the entry through
// relative imports and the @stepwise/* path aliases, and keeps the repository's layout inside
// dist/<kind>/<name>/ so every __dirname-relative path (migrations, the Prisma client) still holds.
// A bare import that is not a production dependency fails the build: the image installs only those.
// A manifest of input digests lets `--if-stale` (used by the test harness) skip an app whose
// sources did not change.
import { transformFileSync } from '@swc/core';
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const LOCK = join(DIST, '.build.lock');
const BUILD_SCRIPT = fileURLToPath(import.meta.url);
// A change to any of these (swc settings, path aliases, the production dependency list) rebuilds everything.
const BUILD_INPUTS = [BUILD_SCRIPT, join(ROOT, 'tsconfig.base.json'), join(ROOT, 'package.json')];

const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8'));
const ALIASES = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [alias, join(ROOT, target)]),
);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const PRODUCTION_DEPENDENCIES = new Set(Object.keys(pkg.dependencies ?? {}));
const BUILTINS = new Set(builtinModules);

// The same swc settings as the test transform (jest.config.js): legacy decorators with their
// metadata, which Nest's dependency injection reads at run time.
const SWC_OPTIONS = {
  swcrc: false,
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', strict: false, noInterop: false },
};

/** Every buildable target: the six services and the stand-ins the demo and compose file run. */
export function targets() {
  const found = [];
  for (const kind of ['apps', 'tools']) {
    for (const entry of readdirSync(join(ROOT, kind), { withFileTypes: true })) {
      const main = join(ROOT, kind, entry.name, 'src', 'main.ts');
      if (entry.isDirectory() && existsSync(main)) found.push({ kind, name: entry.name, main });
    }
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function resolveSource(specifier, fromFile) {
  const base = specifier.startsWith('.') ? resolve(dirname(fromFile), specifier) : ALIASES[specifier];
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts'), `${base}.js`, join(base, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(ROOT, fromFile)}: cannot resolve "${specifier}"`);
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const REQUIRE = /\brequire\((["'])([^"']+)\1\)/g;

/** Compiles the closure of `main`; returns the output files and the inputs' digests. */
function compile(target) {
  const outputs = new Map(); // path inside the target's dist folder -> contents
  const inputs = {};
  const pending = [target.main];
  const seen = new Set();
  const problems = [];
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file);
    inputs[relative(ROOT, file)] = digest(source);
    const outFile = relative(ROOT, file).replace(/\.ts$/, '.js');
    let code;
    let map;
    if (file.endsWith('.ts')) {
      ({ code, map } = transformFileSync(file, { ...SWC_OPTIONS, filename: file }));
    } else {
      code = source.toString('utf8');
    }
    code = code.replace(REQUIRE, (whole, quote, specifier) => {
      if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return whole;
      const local = resolveSource(specifier, file);
      if (local === null) {
        const name = packageName(specifier);
        if (!PRODUCTION_DEPENDENCIES.has(name)) {
          problems.push(`${relative(ROOT, file)} requires "${specifier}", which is not a production dependency`);
        }
        return whole;
      }
      pending.push(local);
      let path = relative(dirname(join(ROOT, outFile)), join(ROOT, relative(ROOT, local).replace(/\.ts$/, '.js')));
      path = path.split(sep).join('/');
      if (!path.startsWith('.')) path = `./${path}`;
      return `require(${quote}${path}${quote})`;
    });
    if (map) {
      outputs.set(`${outFile}.map`, map);
      code += `\n//# sourceMappingURL=${outFile.split('/').pop()}.map\n`;
    }
    outputs.set(outFile, code);
  }
  if (problems.length > 0) throw new Error(`${target.name}:\n  ${problems.join('\n  ')}`);
  return { outputs, inputs };
}

/** Assets read at run time by path: the SQL migrations beside an app's sources. */
function assetDirs(target) {
  const migrations = join(ROOT, target.kind, target.name, 'prisma', 'migrations');
  return existsSync(migrations) ? [migrations] : [];
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function digest(buffer) {
  return createHash('sha256').update(buffer).digest('hex').slice(0, 16);
}

function builderDigest() {
  return digest(Buffer.concat(BUILD_INPUTS.map((file) => readFileSync(file))));
}

function assetDigests(target) {
  const digests = {};
  for (const dir of assetDirs(target)) {
    for (const file of listFiles(dir)) digests[relative(ROOT, file)] = digest(readFileSync(file));
  }
  return digests;
}

function outDir(target) {
  return join(DIST, target.kind, target.name);
}

function manifestPath(target) {
  return join(outDir(target), 'build-manifest.json');
}

/** True when the last build of `target` saw exactly the files and contents there are now. */
export function isFresh(target) {
  const path = manifestPath(target);
  if (!existsSync(path) || !existsSync(join(outDir(target), 'main.js'))) return false;
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  if (manifest.builder !== builderDigest()) return false;
  for (const [file, expected] of Object.entries(manifest.inputs)) {
    const absolute = join(ROOT, file);
    if (!existsSync(absolute) || digest(readFileSync(absolute)) !== expected) return false;
  }
  return JSON.stringify(manifest.assets) === JSON.stringify(assetDigests(target));
}

function build(target) {
  const started = Date.now();
  const { outputs, inputs } = compile(target);
  const staging = join(DIST, `.staging-${process.pid}-${target.name}`);
  rmSync(staging, { recursive: true, force: true });
  for (const [file, contents] of outputs) {
    mkdirSync(dirname(join(staging, file)), { recursive: true });
    writeFileSync(join(staging, file), contents);
  }
  for (const dir of assetDirs(target)) cpSync(dir, join(staging, relative(ROOT, dir)), { recursive: true });
  const entry = `./${relative(ROOT, target.main).replace(/\.ts$/, '.js')}`;
  writeFileSync(
    join(staging, 'main.js'),
    `'use strict';\n// Built by scripts/build.mjs from ${relative(ROOT, target.main)}.\nrequire(${JSON.stringify(entry)});\n`,
  );
  const manifest = { builder: builderDigest(), inputs, assets: assetDigests(target) };
  writeFileSync(join(staging, 'build-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(outDir(target), { recursive: true, force: true });
  mkdirSync(dirname(outDir(target)), { recursive: true });
  renameSync(staging, outDir(target));
  const count = [...outputs.keys()].filter((file) => file.endsWith('.js')).length;
  console.log(
    `build: ${target.kind}/${target.name}: ${count} files -> ${relative(ROOT, outDir(target))}/main.js in ${Date.now() - started} ms`,
  );
}

// Several test files (or a test and the demo) may ask for a build at once: one builds, the others wait.
async function withLock(action) {
  mkdirSync(DIST, { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 120_000) rmSync(LOCK, { recursive: true, force: true }); // left by a killed build
      if (Date.now() > deadline) throw new Error(`build: ${LOCK} held for 5 minutes`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    }
  }
  try {
    return await action();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

async function main(argv) {
  const ifStale = argv.includes('--if-stale');
  const names = argv.filter((arg) => !arg.startsWith('--'));
  const all = targets();
  const unknown = names.filter((name) => !all.some((target) => target.name === name));
  if (unknown.length > 0) throw new Error(`build: unknown target(s) ${unknown.join(', ')}`);
  const selected = names.length > 0 ? all.filter((target) => names.includes(target.name)) : all;
  await withLock(() => {
    for (const target of selected) {
      if (ifStale && isFresh(target)) continue;
      build(target);
    }
  });
}

if (process.argv[1] && resolve(process.argv[1]) === BUILD_SCRIPT) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
