import { renderTemplate, type TemplateProblem } from '@stepwise/channel-kit';
import { escapeHtml, isHtmlBody } from './html-body';

/**
 * Renders a step's subject and body for one recipient with the channels' template rules
 * (@stepwise/channel-kit): a placeholder that cannot be filled is an error naming the field and the
 * part it is in, never a blank. In an HTML body every value is HTML-escaped: a recipient's data is
 * text, and must not add markup or a link (which the click tracking would then sign). The subject
 * and a plain-text body take values as they are.
 */

export interface RenderedEmail {
  subject: string;
  body: string;
}

export type RenderResult = { ok: true; email: RenderedEmail } | { ok: false; problems: TemplateProblem[] };

export function renderEmail(template: RenderedEmail, variables: Readonly<Record<string, string>>): RenderResult {
  const subject = renderTemplate(template.subject, variables);
  const body = renderTemplate(template.body, variables, isHtmlBody(template.body) ? escapeHtml : undefined);
  if (!subject.ok || !body.ok) {
    return {
      ok: false,
      problems: [...problemsIn(subject, 'subject'), ...problemsIn(body, 'body')],
    };
  }
  // A line break in a value would end the Subject header early; a subject is one line.
  return { ok: true, email: { subject: subject.text.replace(/\s*[\r\n]+\s*/g, ' '), body: body.text } };
}

function problemsIn(result: ReturnType<typeof renderTemplate>, part: keyof RenderedEmail): TemplateProblem[] {
  return result.ok ? [] : result.problems.map((problem) => ({ ...problem, part }));
}
