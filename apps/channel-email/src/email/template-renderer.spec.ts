import { explainProblems, renderEmail } from './template-renderer';

const render = (subject: string, body: string, variables: Record<string, string> = {}) =>
  renderEmail({ subject, body }, variables);

describe('renderEmail', () => {
  it('fills placeholders in the subject and the body', () => {
    expect(
      render('Hi {{ firstName }}', 'Hello {{firstName}} at {{ company }}', { firstName: 'Ada', company: 'ACME' }),
    ).toEqual({
      ok: true,
      email: { subject: 'Hi Ada', body: 'Hello Ada at ACME' },
    });
  });

  it('uses the fallback when the variable is absent', () => {
    expect(render('Hi {{ firstName | "there" }}', "Hi {{ firstName | 'friend' }}")).toEqual({
      ok: true,
      email: { subject: 'Hi there', body: 'Hi friend' },
    });
  });

  it('prefers the recipient value over the fallback', () => {
    expect(render('Hi {{ firstName | "there" }}', '', { firstName: 'Ada' })).toMatchObject({
      email: { subject: 'Hi Ada' },
    });
  });

  it('treats a blank value as missing, so no email reads "Hi ,"', () => {
    expect(render('Hi {{ firstName }},', '', { firstName: '  ' })).toEqual({
      ok: false,
      problems: [{ kind: 'missing_variable', variable: 'firstName', part: 'subject' }],
    });
    expect(render('Hi {{ firstName | "there" }},', '', { firstName: '' })).toMatchObject({
      email: { subject: 'Hi there,' },
    });
  });

  it('reports every missing variable without a fallback, with where it is used', () => {
    const result = render('Hi {{ firstName }}', '{{ firstName }} at {{ company }}');
    expect(result).toEqual({
      ok: false,
      problems: [
        { kind: 'missing_variable', variable: 'firstName', part: 'subject' },
        { kind: 'missing_variable', variable: 'firstName', part: 'body' },
        { kind: 'missing_variable', variable: 'company', part: 'body' },
      ],
    });
  });

  it('does not take inherited object properties for variables', () => {
    expect(render('{{ constructor }}', '')).toMatchObject({ ok: false });
  });

  it('flags malformed and unclosed placeholders instead of sending braces', () => {
    expect(render('Hi {{ first name }}', 'Hi {{ firstName')).toEqual({
      ok: false,
      problems: [
        { kind: 'malformed_placeholder', placeholder: '{{ first name }}', part: 'subject' },
        { kind: 'malformed_placeholder', placeholder: '{{ firstName', part: 'body' },
      ],
    });
  });

  it('allows escaped quotes and pipes inside a fallback', () => {
    expect(render('{{ x | "say \\"hi\\" | bye" }}', '')).toMatchObject({ email: { subject: 'say "hi" | bye' } });
  });

  it('keeps line breaks out of the subject but not out of the body', () => {
    expect(render('Re: {{ title }}', '{{ title }}', { title: 'Senior\r\nEngineer' })).toEqual({
      ok: true,
      email: { subject: 'Re: Senior Engineer', body: 'Senior\r\nEngineer' },
    });
  });

  it('does not re-render placeholders that arrive inside a value', () => {
    expect(render('{{ a }}', '', { a: '{{ b }}' })).toMatchObject({ email: { subject: '{{ b }}' } });
  });
});

describe('explainProblems', () => {
  it('names each missing variable once, with every part it appears in, and suggests a fallback', () => {
    const result = render('Hi {{ firstName }}', '{{ firstName }} at {{ company }}');
    if (result.ok) throw new Error('expected problems');
    expect(explainProblems(result.problems)).toEqual({
      message:
        'Missing variable "firstName" (subject and body), "company" (body): the recipient has no value and the template has no fallback.',
      suggestedFix:
        'Add the variable to the recipient or a fallback to the template, e.g. {{ firstName | "there" }}, then retry.',
    });
  });

  it('explains how to write a placeholder when one is malformed', () => {
    const result = render('{{ 1x }}', '');
    if (result.ok) throw new Error('expected problems');
    expect(explainProblems(result.problems).suggestedFix).toContain('{{ name | "fallback" }}');
  });
});
