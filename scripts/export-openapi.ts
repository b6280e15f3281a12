/**
 * Writes each service's OpenAPI document, built from the same code that serves /docs/openapi.json,
 * to apps/dashboard/openapi/. The dashboard's typed client is generated from these files.
 *
 * zod's JSON Schema puts named schemas in a nested `$defs` and points at them with `#/$defs/...`,
 * which OpenAPI tools resolve from the document root and cannot find; they are moved to
 * components.schemas here so code generators read the documents as they are meant.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { buildOpenApiDocument as analyticsDocument } from '../apps/analytics/src/openapi';
import { buildOpenApiDocument as enrollmentDocument } from '../apps/enrollment/src/openapi';

type Json = { [key: string]: unknown };

export function hoistDefinitions(document: Json): Json {
  const components = (document.components ?? {}) as Json;
  const schemas = (components.schemas ?? {}) as Json;
  const walk = (node: unknown, names: Map<string, string>): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, names));
    if (!node || typeof node !== 'object') return node;
    const { $defs, ...rest } = node as Json;
    let scope = names;
    if ($defs && typeof $defs === 'object') {
      scope = new Map(names);
      for (const name of Object.keys($defs)) scope.set(name, uniqueName(name, ($defs as Json)[name]));
      for (const [name, schema] of Object.entries($defs as Json)) {
        schemas[scope.get(name) as string] = walk(schema, scope);
      }
    }
    const out: Json = {};
    for (const [key, value] of Object.entries(rest)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) {
        const name = value.slice('#/$defs/'.length);
        out.$ref = `#/components/schemas/${scope.get(name) ?? name}`;
      } else out[key] = walk(value, scope);
    }
    return out;
  };
  const uniqueName = (name: string, schema: unknown): string => {
    let candidate = name;
    for (let n = 2; candidate in schemas && !isDeepStrictEqual(schemas[candidate], schema); n++) {
      candidate = `${name}_${n}`;
    }
    return candidate;
  };
  const { components: _components, ...rest } = document;
  const walked = walk(rest, new Map()) as Json;
  const ownSchemas = walk(components.schemas ?? {}, new Map()) as Json;
  return { ...walked, components: { ...components, schemas: { ...schemas, ...ownSchemas } } };
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'apps', 'dashboard', 'openapi');
  mkdirSync(dir, { recursive: true });
  for (const [name, document] of [
    ['enrollment', enrollmentDocument()],
    ['analytics', analyticsDocument()],
  ] as const) {
    const hoisted = hoistDefinitions(document as unknown as Json);
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(hoisted, null, 2)}\n`);
    console.log(`export-openapi: apps/dashboard/openapi/${name}.json`);
  }
}
