import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { ZodType } from 'zod';
import { fieldErrorsException, fieldPath } from './field-errors';

export type { FieldError } from './field-errors';

/**
 * Validates a body, query or param with its zod schema; a 400 names every bad field by its path.
 * On a single parameter (`@Param('action', pipe)`) the path starts with the parameter's name,
 * since the value itself has no fields to name.
 */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown, metadata?: ArgumentMetadata): T {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const prefix = metadata?.data ? [metadata.data] : [];
    throw fieldErrorsException(
      result.error.issues.map((issue) => ({ field: fieldPath([...prefix, ...issue.path]), message: issue.message })),
    );
  }
}
