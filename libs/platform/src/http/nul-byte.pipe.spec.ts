import { BadRequestException } from '@nestjs/common';
import type { FieldError } from './field-errors';
import { NulByteRejectionPipe } from './nul-byte.pipe';

const pipe = new NulByteRejectionPipe();

function refusal(run: () => unknown): FieldError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestException) return (error.getResponse() as { errors: FieldError[] }).errors;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('NulByteRejectionPipe', () => {
  it('refuses a NUL in a route parameter, naming it', () => {
    expect(refusal(() => pipe.transform('seq\u00001', { type: 'param', data: 'sequenceId' }))).toEqual([
      { field: 'sequenceId', message: expect.stringContaining('NUL') },
    ]);
  });

  it('names the path of a NUL deep in a body, in values and in keys', () => {
    const body = { recipients: [{ email: 'a@example.com' }, { variables: { firstName: 'Gr\u0000ace' } }] };
    expect(refusal(() => pipe.transform(body, { type: 'body' }))[0]?.field).toBe('recipients.1.variables.firstName');
    expect(refusal(() => pipe.transform({ ['k\u0000']: 1 }, { type: 'body' }))[0]?.field).toBe('k\u0000');
  });

  it('names the query parameter', () => {
    expect(refusal(() => pipe.transform({ cursor: '\u0000' }, { type: 'query' }))[0]?.field).toBe('cursor');
  });

  it('passes everything else through untouched, however deep', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(pipe.transform(deep, { type: 'body' })).toBe(deep);
    const body = { name: 'Grace 😀', n: 1, ok: true, none: null };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform('\u0000', { type: 'custom' })).toBe('\u0000');
  });
});
