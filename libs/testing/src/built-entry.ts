import { execFileSync } from 'node:child_process';
import { isAbsolute, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const SOURCE_ENTRY = /^(apps|tools)\/([a-z0-9-]+)\/src\/main\.ts$/;
const checked = new Set<string>();

/**
 * The compiled entry point (dist/<kind>/<name>/main.js) of a service or stand-in given by its
 * source entry (apps/<name>/src/main.ts), built first when its sources changed since the last
 * build: tests start what the image ships, never the TypeScript sources. Anything else (a .js
 * file, another checkout's sources) is returned unchanged.
 */
export function builtEntry(entry: string): { command: string[]; built: boolean } {
  const path = isAbsolute(entry) ? relative(ROOT, entry) : entry;
  const match = SOURCE_ENTRY.exec(path.split('\\').join('/'));
  if (!match) {
    return { command: entry.endsWith('.ts') ? ['-r', '@swc-node/register', entry] : [entry], built: false };
  }
  const [, kind, name] = match as unknown as [string, string, string];
  if (!checked.has(name)) {
    // Cheap when nothing changed (digests of the last build's inputs); a second caller waits on its lock.
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale', name], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    checked.add(name);
  }
  return { command: [join(ROOT, 'dist', kind, name, 'main.js')], built: true };
}
