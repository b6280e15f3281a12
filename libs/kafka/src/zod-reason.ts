import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** One failing field, with its full dotted path from the message root. */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface SchemaRejection {
  /** Short, human-first: names the field an operator has to look at. */
  reason: string;
  /** Every problem found, for the dead-letter record's details. */
  details: string;
}

/**
 * Turns a zod error into text that names the failing field. For a plain z.union zod reports one
 * "Invalid input" at the union itself; the useful issues are inside the branch the message was
 * most likely meant for, so that branch is unfolded (see pickBranch).
 */
export function describeSchemaError(error: z.ZodError): SchemaRejection {
  const problems = flattenIssues(error.issues, []);
  const [first, ...rest] = problems;
  if (!first) return { reason: 'schema violation', details: '' };
  const more = rest.length > 0 ? ` (+${rest.length} more)` : '';
  return {
    reason: `schema violation at ${first.path}: ${first.message}${more}`,
    details: problems.map((p) => `${p.path}: ${p.message}`).join('\n'),
  };
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

export function flattenIssues(issues: readonly Issue[], prefix: readonly PropertyKey[]): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const branch = issue.code === 'invalid_union' ? pickBranch(issue.errors) : undefined;
    if (branch) return flattenIssues(branch, path);
    return [{ path: formatPath(path), message: issue.message }];
  });
}

/**
 * The branch the message was meant for is the one whose literal fields matched: fewest
 * `invalid_value` issues (a wrong `type` literal shows up as one), then fewest issues, then the
 * deepest path (the most specific complaint).
 */
export function pickBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined;
  for (const branch of branches) {
    if (branch.length === 0) continue;
    if (!best || compareBranches(branch, best) < 0) best = branch;
  }
  return best;
}

function compareBranches(a: readonly Issue[], b: readonly Issue[]): number {
  return literalMisses(a) - literalMisses(b) || a.length - b.length || deepestPath(b) - deepestPath(a);
}

function literalMisses(branch: readonly Issue[]): number {
  return branch.filter((issue) => issue.code === 'invalid_value').length;
}

function deepestPath(branch: readonly Issue[]): number {
  return Math.max(...branch.map((issue) => issue.path.length));
}
