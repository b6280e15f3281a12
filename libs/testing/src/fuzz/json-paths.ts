/** A location inside a JSON value: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/** Every location below the root, parents before their children. */
export function allPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => {
    const path = [...prefix, key];
    return [path, ...allPaths(child, path)];
  });
}

export function getAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], value);
}

/** A deep copy with the value at `path` replaced, or removed when `replacement` is REMOVE. */
export function withValueAt(value: unknown, path: JsonPath, replacement: unknown): unknown {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement !== REMOVE) parent[last] = replacement;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

export const REMOVE = Symbol('remove');

/** The notation dead-letter reasons and 400 bodies use: `payload.steps[0].stepId`. */
export function dottedPath(path: JsonPath): string {
  if (path.length === 0) return '(root)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${part}`)).join('');
}

/** True when `named` is the broken field itself or one of its parents (a refine on an object names the object). */
export function namesFieldOrParent(named: string, broken: string): boolean {
  return named === broken || broken.startsWith(`${named}.`) || broken.startsWith(`${named}[`);
}
