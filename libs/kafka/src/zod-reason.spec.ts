import { z } from 'zod';
import { describeSchemaError, formatPath } from './zod-reason';

const a = z.object({
  type: z.literal('a'),
  payload: z.object({ n: z.number(), items: z.array(z.object({ id: z.string() })) }),
});
const b = z.object({ type: z.literal('b'), payload: z.object({ m: z.string() }) });

function reasonFor(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a failure');
  return describeSchemaError(result.error);
}

describe('describeSchemaError', () => {
  it('names the failing field with its full path', () => {
    const { reason } = reasonFor(a, { type: 'a', payload: { n: 'x', items: [] } });
    expect(reason).toBe('schema violation at payload.n: Invalid input: expected number, received string');
  });

  it('writes array indexes in brackets and counts the other problems', () => {
    const { reason, details } = reasonFor(a, { type: 'a', payload: { n: 'x', items: [{ id: 'ok' }, { id: 3 }] } });
    expect(reason).toMatch(/^schema violation at payload\.n: .* \(\+1 more\)$/);
    expect(details).toContain('payload.items[1].id: Invalid input: expected string, received number');
  });

  it('unfolds a plain union into the branch whose type literal matched', () => {
    const { reason } = reasonFor(z.union([a, b]), { type: 'b', payload: { m: 2 } });
    expect(reason).toBe('schema violation at payload.m: Invalid input: expected string, received number');
  });

  it('keeps the union position as a prefix of the branch paths', () => {
    const inner = z.object({
      payload: z.object({
        choice: z.union([z.object({ k: z.literal('x'), v: z.number() }), z.object({ k: z.literal('y') })]),
      }),
    });
    const { reason } = reasonFor(inner, { payload: { choice: { k: 'x', v: 'no' } } });
    expect(reason).toMatch(/^schema violation at payload\.choice\.v: /);
  });

  it('names the discriminator when no branch of a union matches the type', () => {
    expect(reasonFor(z.discriminatedUnion('type', [a, b]), { type: 'c', payload: {} }).reason).toMatch(
      /^schema violation at type: /,
    );
    expect(reasonFor(z.union([a, b]), { type: 'c', payload: {} }).reason).toMatch(/^schema violation at type: /);
  });

  it('says (root) when the message is not an object at all', () => {
    expect(reasonFor(a, 'text').reason).toBe(
      'schema violation at (root): Invalid input: expected object, received string',
    );
  });
});

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatPath(['payload', 'steps', 0, 'id'])).toBe('payload.steps[0].id');
    expect(formatPath([])).toBe('(root)');
  });
});
