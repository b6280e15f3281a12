import fc from 'fast-check';

/** Strings that have broken parsers, databases and loggers before. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'nul\u0000inside',
    '\uD800',
    '\u202Eevil',
    "'; DROP TABLE enrollment; --",
    '%00',
    '../../etc/passwd',
    '{{constructor.constructor("return process")()}}',
    '__proto__',
    'NaN',
    '-1',
    '1e309',
    '9'.repeat(40),
    '😀'.repeat(70),
    '-271821-04-20T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '0000-00-00',
    '2026-02-30',
  ),
);

/** Long enough to break every max() in the contracts and to stress body parsers and columns. */
export function hugeStringOf(maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('x', 'é', '"', '\u0000'), fc.integer({ min: Math.min(5_000, maxLength), max: maxLength }))
    .map(([char, length]) => char.repeat(length));
}

export const hugeString: fc.Arbitrary<string> = hugeStringOf(150_000);

/** Any JSON value, hostile strings and extreme numbers included. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308),
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

export type JsonKind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function jsonKind(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonKind;
}

const byKind: Record<JsonKind, fc.Arbitrary<unknown>> = {
  null: fc.constant(null),
  boolean: fc.boolean(),
  number: fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 1.5, 1e21)),
  string: hostileString,
  array: fc.array(fc.oneof(fc.integer(), hostileString), { maxLength: 3 }),
  object: fc.dictionary(hostileString, fc.oneof(fc.integer(), hostileString), { maxKeys: 3 }),
};

/** A JSON value of a kind none of `allowed` is: a number where a string belongs, and so on. */
export function valueOfAnotherKind(allowed: readonly JsonKind[]): fc.Arbitrary<unknown> {
  const others = (Object.keys(byKind) as JsonKind[]).filter((kind) => !allowed.includes(kind));
  return fc.constantFrom(...others).chain((kind) => byKind[kind]);
}
