/**
 * Renders a step's subject and body for one recipient. Placeholders are `{{ name }}` or
 * `{{ name | "fallback" }}`. A placeholder that cannot be filled is an error, never a blank: an
 * email reading "Hi ," to a candidate is worse than a step that waits for its data to be fixed.
 */

export type TemplatePart = 'subject' | 'body';

export type TemplateProblem =
  | { kind: 'missing_variable'; variable: string; part: TemplatePart }
  | { kind: 'malformed_placeholder'; placeholder: string; part: TemplatePart };

export interface RenderedEmail {
  subject: string;
  body: string;
}

export type RenderResult = { ok: true; email: RenderedEmail } | { ok: false; problems: TemplateProblem[] };

const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;
// name, then optionally a pipe and a quoted fallback; quotes inside a fallback are escaped with \.
const PLACEHOLDER_BODY = /^\s*([A-Za-z_][\w.-]*)\s*(?:\|\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'))?\s*$/;

export function renderEmail(template: RenderedEmail, variables: Readonly<Record<string, string>>): RenderResult {
  const problems: TemplateProblem[] = [];
  const subject = renderPart(template.subject, 'subject', variables, problems);
  const body = renderPart(template.body, 'body', variables, problems);
  if (problems.length > 0) return { ok: false, problems };
  // A line break in a value would end the Subject header early; a subject is one line.
  return { ok: true, email: { subject: subject.replace(/\s*[\r\n]+\s*/g, ' '), body } };
}

function renderPart(
  text: string,
  part: TemplatePart,
  variables: Readonly<Record<string, string>>,
  problems: TemplateProblem[],
): string {
  const rendered = text.replace(PLACEHOLDER, (placeholder, inner: string) => {
    const parsed = PLACEHOLDER_BODY.exec(inner);
    if (!parsed) {
      problems.push({ kind: 'malformed_placeholder', placeholder, part });
      return placeholder;
    }
    const [, variable, doubleQuoted, singleQuoted] = parsed;
    const value = Object.hasOwn(variables, variable) ? variables[variable] : undefined;
    // A blank value would print as a blank, so it counts as missing.
    if (value !== undefined && value.trim() !== '') return value;
    const fallback = doubleQuoted ?? singleQuoted;
    if (fallback !== undefined) return unescape(fallback);
    problems.push({ kind: 'missing_variable', variable, part });
    return placeholder;
  });
  const unclosed = text.replace(PLACEHOLDER, '').indexOf('{{');
  if (unclosed >= 0)
    problems.push({ kind: 'malformed_placeholder', placeholder: text.slice(unclosed, unclosed + 40), part });
  return rendered;
}

function unescape(fallback: string): string {
  return fallback.replace(/\\(.)/g, '$1');
}

export interface TemplateExplanation {
  message: string;
  suggestedFix: string;
}

/** What went wrong, naming every field at fault, and what a recruiter can do about it. */
export function explainProblems(problems: readonly TemplateProblem[]): TemplateExplanation {
  const missing = partsByKey(problems, (p) => (p.kind === 'missing_variable' ? p.variable : null));
  const malformed = partsByKey(problems, (p) => (p.kind === 'malformed_placeholder' ? p.placeholder : null));
  const message: string[] = [];
  const fixes: string[] = [];
  if (missing.length > 0) {
    const names = missing.map(([variable, parts]) => `"${variable}" (${parts.join(' and ')})`).join(', ');
    message.push(`Missing variable ${names}: the recipient has no value and the template has no fallback.`);
    const example = missing[0][0];
    fixes.push(
      `Add the variable to the recipient or a fallback to the template, e.g. {{ ${example} | "there" }}, then retry.`,
    );
  }
  if (malformed.length > 0) {
    const placeholders = malformed.map(([placeholder, parts]) => `${placeholder} (${parts.join(' and ')})`).join(', ');
    message.push(`Unrecognised placeholder ${placeholders}.`);
    fixes.push('Write placeholders as {{ name }} or {{ name | "fallback" }}, then retry.');
  }
  return { message: message.join(' '), suggestedFix: fixes.join(' ') };
}

function partsByKey(
  problems: readonly TemplateProblem[],
  keyOf: (problem: TemplateProblem) => string | null,
): [string, TemplatePart[]][] {
  const parts = new Map<string, TemplatePart[]>();
  for (const problem of problems) {
    const key = keyOf(problem);
    if (key === null) continue;
    const seen = parts.get(key) ?? [];
    if (!seen.includes(problem.part)) seen.push(problem.part);
    parts.set(key, seen);
  }
  return [...parts.entries()];
}
