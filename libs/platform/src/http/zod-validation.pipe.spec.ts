import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe, type FieldError } from './zod-validation.pipe';

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { errors: FieldError[] }).errors.map((e) => e.field);
  }
  throw new Error('expected a 400');
}

describe('ZodValidationPipe', () => {
  it('names each bad field of a body by its path', () => {
    const pipe = new ZodValidationPipe(z.object({ steps: z.array(z.object({ type: z.enum(['task']) })) }));
    expect(fieldsOf(() => pipe.transform({ steps: [{ type: 'pigeon' }] }, { type: 'body' }))).toEqual(['steps.0.type']);
  });

  it('names a single route parameter by its name rather than (root)', () => {
    const pipe = new ZodValidationPipe(z.enum(['pause', 'stop']));
    expect(fieldsOf(() => pipe.transform('explode', { type: 'param', data: 'action' }))).toEqual(['action']);
  });

  it('says (root) when the whole value is wrong and there is no parameter name', () => {
    const pipe = new ZodValidationPipe(z.object({ name: z.string() }));
    expect(fieldsOf(() => pipe.transform(42, { type: 'body' }))).toEqual(['(root)']);
  });

  it('passes the parsed value through', () => {
    expect(new ZodValidationPipe(z.coerce.number()).transform('7', { type: 'query', data: 'limit' })).toBe(7);
  });
});
