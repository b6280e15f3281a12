import fc from 'fast-check';
import type { z } from 'zod';
import { allPaths, dottedPath, getAt, REMOVE, withValueAt, type JsonPath } from './json-paths';
import { anyJson, hostileString, hugeStringOf, jsonKind, valueOfAnotherKind } from './hostile-values';

/** What the consumer's dead letter must say about a bad message. */
export type ExpectedRejection =
  | { kind: 'empty_value' }
  | { kind: 'invalid_json' }
  /** `field` is the broken location; the reason must name it or one of its parents. */
  | { kind: 'schema'; field: string };

export interface BadMessage {
  /** What was done, for the assertion message. */
  mutation: string;
  value: Buffer | null;
  expected: ExpectedRejection;
}

/** Schemas a message on the topic may match: a bad message must match none of them. */
export type TopicSchemas = readonly z.ZodType[];

function rejectedByAll(schemas: TopicSchemas, value: unknown): boolean {
  return schemas.every((schema) => !schema.safeParse(value).success);
}

function asBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

const emptyValue: fc.Arbitrary<BadMessage> = fc.constantFrom<BadMessage>(
  { mutation: 'null value (tombstone)', value: null, expected: { kind: 'empty_value' } },
  { mutation: 'zero-length value', value: Buffer.alloc(0), expected: { kind: 'empty_value' } },
);

function notJson(samples: readonly unknown[]): fc.Arbitrary<BadMessage> {
  const truncated = fc
    .tuple(fc.constantFrom(...samples), fc.double({ min: 0.05, max: 0.95, noNaN: true }))
    .map(([sample, cut]) => {
      const text = JSON.stringify(sample);
      return Buffer.from(text.slice(0, Math.floor(text.length * cut)), 'utf8');
    });
  const bytes = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b));
  const text = fc.oneof(hostileString, fc.constantFrom("{'single': 'quotes'}", '{"a":1,}', 'undefined', '{"a":NaN}'));
  return fc
    .oneof(
      truncated,
      bytes,
      text.map((t) => Buffer.from(t, 'utf8')),
    )
    .filter((value) => value.length > 0 && !isJson(value))
    .map((value) => ({ mutation: 'not JSON', value, expected: { kind: 'invalid_json' } }));
}

/** JSON, but not an object: the schema must refuse it at the root. */
function notAnObject(schemas: TopicSchemas): fc.Arbitrary<BadMessage> {
  return anyJson
    .filter((value) => jsonKind(value) !== 'object' && rejectedByAll(schemas, value))
    .map((value) => ({
      mutation: `a ${jsonKind(value)} instead of an envelope`,
      value: asBytes(value),
      expected: { kind: 'schema', field: '(root)' },
    }));
}

/** One field of a valid sample broken: wrong type, missing, huge or hostile text. */
function brokenField(schemas: TopicSchemas, samples: readonly unknown[], hugeLength: number): fc.Arbitrary<BadMessage> {
  const located = fc
    .constantFrom(...samples)
    .chain((sample) => fc.constantFrom(...allPaths(sample)).map((path) => ({ sample, path })));
  return located
    .chain(({ sample, path }) =>
      replacementFor(getAt(sample, path), hugeLength).map((change) => ({ sample, path, change })),
    )
    .map(({ sample, path, change }) => ({ path, change, value: withValueAt(sample, path, change.value) }))
    .filter(({ value }) => rejectedByAll(schemas, value))
    .map(({ path, change, value }) => ({
      mutation: `${dottedPath(path)}: ${change.label}`,
      value: asBytes(value),
      expected: { kind: 'schema', field: dottedPath(path) },
    }));
}

interface Change {
  label: string;
  value: unknown;
}

function replacementFor(current: unknown, hugeLength: number): fc.Arbitrary<Change> {
  const options: fc.Arbitrary<Change>[] = [
    valueOfAnotherKind([jsonKind(current)]).map((value) => ({ label: `wrong type (${jsonKind(value)})`, value })),
    fc.constant({ label: 'missing', value: REMOVE }),
  ];
  if (typeof current === 'string') {
    options.push(hugeStringOf(hugeLength).map((value) => ({ label: `huge string (${value.length} chars)`, value })));
    options.push(hostileString.map((value) => ({ label: 'hostile string', value })));
  }
  if (typeof current === 'number') {
    options.push(fc.constantFrom(-1, 0, 0.5, 1e21).map((value) => ({ label: `out of range (${value})`, value })));
  }
  return fc.oneof(...options);
}

/**
 * Everything a careless or hostile publisher might put on a topic whose valid messages look like
 * `samples`. `hugeLength` caps the huge strings: the default keeps each dead letter (the original
 * escaped once more) and a batch of them under the broker's 1 MiB, which the dead-letter path
 * does not yet split or truncate (see the bad-input report); raise it to reproduce that.
 */
export function badMessages(
  schemas: TopicSchemas,
  samples: readonly unknown[],
  { hugeLength = 10_000 } = {},
): fc.Arbitrary<BadMessage> {
  return fc.oneof(
    { arbitrary: emptyValue, weight: 1 },
    { arbitrary: notJson(samples), weight: 2 },
    { arbitrary: notAnObject(schemas), weight: 2 },
    { arbitrary: brokenField(schemas, samples, hugeLength), weight: 10 },
  );
}

export type { JsonPath };
