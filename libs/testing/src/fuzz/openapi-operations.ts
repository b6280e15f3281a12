import fc from 'fast-check';
import { anyJson, hugeString, hostileString, valueOfAnotherKind, type JsonKind } from './hostile-values';

/** The slice of JSON Schema the generators read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  [key: string]: unknown;
}

export interface HttpOperation {
  method: string;
  /** OpenAPI template, e.g. /v1/sequences/{sequenceId}. */
  path: string;
  pathParams: string[];
  queryParams: { name: string; required: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Every operation of an OpenAPI document, so endpoints added later are fuzzed without a test change. */
export function operationsOf(document: OpenApiDocument): HttpOperation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      queryParams: (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} })),
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

/** Fills a path template; values are URL-encoded, so hostile ones reach the handler intact. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${template}`);
    return encodeURIComponent(value);
  });
}

export interface BadBody {
  mutation: string;
  /** A JSON value, or raw text sent as application/json. */
  body: unknown;
  raw?: string;
  /** The top-level field given a wrong type, which a 400 must name. */
  field?: string;
}

function kindsOf(schema: JsonSchema): JsonKind[] | undefined {
  if (!schema.type) return undefined;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.map((t) => (t === 'integer' ? 'number' : t) as JsonKind);
}

/** Bodies a careless or hostile client might send where `schema` is expected. */
export function badBodies(schema: JsonSchema): fc.Arbitrary<BadBody> {
  const typed = Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const kinds = kindsOf(property);
    return kinds ? [{ name, kinds }] : [];
  });
  const options: fc.Arbitrary<BadBody>[] = [
    anyJson.map((body) => ({ mutation: 'random JSON', body })),
    fc
      .constantFrom('{', '{"a":', 'not json', '[1,2', '{"__proto__": {"polluted": true}}', '\u0000')
      .map((raw) => ({ mutation: 'raw text', body: undefined, raw })),
    hugeString.map((text) => ({ mutation: `huge string body (${text.length})`, body: text })),
  ];
  if (typed.length > 0) {
    options.push(
      fc.constantFrom(...typed).chain(({ name, kinds }) =>
        valueOfAnotherKind(kinds).map((value) => ({
          mutation: `${name}: wrong type`,
          body: { [name]: value },
          field: name,
        })),
      ),
      fc.constantFrom(...typed).chain(({ name }) =>
        fc.oneof(hugeString, hostileString).map((value) => ({
          mutation: `${name}: hostile or huge string`,
          body: { [name]: value },
        })),
      ),
    );
  }
  return fc.oneof(...options);
}

/** A query string with every parameter of the operation set to something odd, some repeated. */
export function badQueries(params: HttpOperation['queryParams']): fc.Arbitrary<{ query: string; names: string[] }> {
  const value = fc.oneof(
    hostileString,
    hugeString.map((s) => s.slice(0, 20_000)),
    fc.integer().map(String),
  );
  const entries = fc.array(fc.tuple(fc.constantFrom(...params.map((p) => p.name), '__proto__', 'unknown'), value), {
    minLength: 1,
    maxLength: 4,
  });
  return entries.map((pairs) => ({
    query: new URLSearchParams(pairs).toString(),
    names: pairs.map(([name]) => name),
  }));
}
