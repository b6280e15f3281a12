/**
 * Renders one step text (an SMS, a connection note, a LinkedIn message) for one recipient.
 * Placeholders are `{{ name }}` and `{{ name | "fallback" }}` (single quotes work too; a quote or
 * backslash inside a fallback is escaped with a backslash). A placeholder that cannot be filled is
 * a problem to report, never a blank: "Hi ," to a candidate is worse than a step that waits for its
 * data to be fixed. channel-email renders subject and body with it, tagging each problem with its
 * `part`.
 */

export type TemplateProblem = (
  { kind: 'missing_variable'; variable: string } | { kind: 'malformed_placeholder'; placeholder: string }
) & {
  /** Which text of the step it is in ("subject", "body") when a step has several. */
  part?: string;
};

export type RenderResult = { ok: true; text: string } | { ok: false; problems: TemplateProblem[] };

const OPEN = '{{';
const CLOSE = '}}';
const NAME = /[A-Za-z_][\w.-]*/y;
const SPACE = /\s*/y;
/** How much of a broken placeholder is quoted back when it has no closing braces. */
const EXCERPT_LENGTH = 40;

/**
 * `escape` is applied to every inserted value (and fallback): an HTML email passes an HTML escaper
 * so that a recipient's data cannot add markup or links to the message.
 */
export function renderTemplate(
  template: string,
  variables: Readonly<Record<string, string>>,
  escape: (value: string) => string = (value) => value,
): RenderResult {
  const problems: TemplateProblem[] = [];
  let output = '';
  let cursor = 0;
  for (let start = template.indexOf(OPEN); start >= 0; start = template.indexOf(OPEN, cursor)) {
    output += template.slice(cursor, start);
    const placeholder = parsePlaceholder(template, start);
    if (!placeholder) {
      const close = template.indexOf(CLOSE, start);
      const end = close >= 0 ? close + CLOSE.length : Math.min(template.length, start + EXCERPT_LENGTH);
      problems.push({ kind: 'malformed_placeholder', placeholder: template.slice(start, end) });
      cursor = close >= 0 ? end : template.length;
      continue;
    }
    const value = valueOf(variables, placeholder.name) ?? placeholder.fallback;
    if (value === undefined) addMissing(problems, placeholder.name);
    else output += escape(value);
    cursor = placeholder.end;
  }
  output += template.slice(cursor);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, text: output };
}

/**
 * What went wrong, naming every variable or placeholder at fault (and the parts it is in), and
 * how a recruiter fixes it.
 */
export function explainTemplateProblems(problems: readonly TemplateProblem[]): {
  message: string;
  suggestedFix: string;
} {
  const missing = partsByKey(problems, (p) => (p.kind === 'missing_variable' ? p.variable : null));
  const malformed = partsByKey(problems, (p) => (p.kind === 'malformed_placeholder' ? p.placeholder : null));
  const message: string[] = [];
  const fixes: string[] = [];
  if (missing.length > 0) {
    const names = missing.map(([name, parts]) => `"${name}"${inParts(parts)}`).join(', ');
    message.push(`Missing variable ${names}: the recipient has no value and the template has no fallback.`);
    fixes.push(
      `Add the variable to the recipient or a fallback to the template, e.g. {{ ${missing[0]?.[0]} | "there" }}, then retry.`,
    );
  }
  if (malformed.length > 0) {
    message.push(
      `Unrecognised placeholder ${malformed.map(([text, parts]) => `${text}${inParts(parts)}`).join(', ')}.`,
    );
    fixes.push('Write placeholders as {{ name }} or {{ name | "fallback" }}, then retry.');
  }
  return { message: message.join(' '), suggestedFix: fixes.join(' ') };
}

function inParts(parts: readonly string[]): string {
  return parts.length > 0 ? ` (${parts.join(' and ')})` : '';
}

/** Each variable or placeholder once, in order of appearance, with the parts it appears in. */
function partsByKey(
  problems: readonly TemplateProblem[],
  keyOf: (problem: TemplateProblem) => string | null,
): [string, string[]][] {
  const parts = new Map<string, string[]>();
  for (const problem of problems) {
    const key = keyOf(problem);
    if (key === null) continue;
    const seen = parts.get(key) ?? [];
    if (problem.part !== undefined && !seen.includes(problem.part)) seen.push(problem.part);
    parts.set(key, seen);
  }
  return [...parts.entries()];
}

interface Placeholder {
  name: string;
  fallback?: string;
  /** Index just past the closing braces. */
  end: number;
}

/** Reads `{{ name }}` or `{{ name | "fallback" }}` at `start`; null when it is anything else. */
function parsePlaceholder(text: string, start: number): Placeholder | null {
  let at = skipSpace(text, start + OPEN.length);
  NAME.lastIndex = at;
  const name = NAME.exec(text)?.[0];
  if (!name) return null;
  at = skipSpace(text, at + name.length);
  let fallback: string | undefined;
  if (text[at] === '|') {
    const quoted = readQuoted(text, skipSpace(text, at + 1));
    if (!quoted) return null;
    fallback = quoted.value;
    at = skipSpace(text, quoted.end);
  }
  if (!text.startsWith(CLOSE, at)) return null;
  return { name, fallback, end: at + CLOSE.length };
}

/** A quoted fallback, scanned by hand so that braces or a pipe inside the quotes are just text. */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
  const quote = text[start];
  if (quote !== '"' && quote !== "'") return null;
  let value = '';
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at];
    if (char === quote) return { value, end: at + 1 };
    if (char === '\\' && at + 1 < text.length) {
      at++;
      value += text[at];
    } else {
      value += char;
    }
  }
  return null;
}

function skipSpace(text: string, at: number): number {
  SPACE.lastIndex = at;
  SPACE.exec(text);
  return SPACE.lastIndex;
}

/** Own properties only (no "constructor" from the prototype); a blank value would print as a blank. */
function valueOf(variables: Readonly<Record<string, string>>, name: string): string | undefined {
  const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function addMissing(problems: TemplateProblem[], variable: string): void {
  if (!problems.some((p) => p.kind === 'missing_variable' && p.variable === variable)) {
    problems.push({ kind: 'missing_variable', variable });
  }
}
