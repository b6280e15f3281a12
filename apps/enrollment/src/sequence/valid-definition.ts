import { BadRequestException } from '@nestjs/common';
import { definitionProblems, type SequenceNode } from '../recipient-core/sequence-definition';

/** A 400 naming every problem the schema cannot see (duplicate ids, conditions, missing subjects). */
export function assertValidDefinition(nodes: readonly SequenceNode[]): void {
  const problems = definitionProblems(nodes);
  if (problems.length === 0) return;
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => `${p.path}: ${p.message}`).join('; '),
    errors: problems.map((p) => ({ field: p.path, message: p.message })),
  });
}
