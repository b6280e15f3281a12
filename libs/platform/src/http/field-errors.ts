import { BadRequestException } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** The one shape of every 400 about input: `errors` names each bad field by its dotted path. */
export function fieldErrorsException(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    errors,
  });
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(root)';
}
