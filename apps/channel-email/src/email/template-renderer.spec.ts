import { explainTemplateProblems } from '@stepwise/channel-kit';
import { renderEmail } from './template-renderer';

// The placeholder rules themselves are specified with the shared renderer (libs/channel-kit).
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

  it('HTML-escapes values in an HTML body, so a value cannot add markup or a (tracked) link', () => {
    const company = '<a href="https://evil.example">ACME</a> & "Co"';
    expect(
      render('Hi {{ firstName }} <3', '<p>Hello {{firstName}} at {{ company }}</p>', { firstName: 'Ada', company }),
    ).toEqual({
      ok: true,
      email: {
        subject: 'Hi Ada <3',
        body: '<p>Hello Ada at &lt;a href=&quot;https://evil.example&quot;&gt;ACME&lt;/a&gt; &amp; &quot;Co&quot;</p>',
      },
    });
  });

  it('leaves values in a plain-text body as they are', () => {
    expect(render('Hi', 'Hello {{ company }}', { company: 'A & B <info@ab.example>' })).toMatchObject({
      email: { body: 'Hello A & B <info@ab.example>' },
    });
  });

  it('reports every missing variable without a fallback, with where it is used', () => {
    expect(render('Hi {{ firstName }}', '{{ firstName }} at {{ company }}')).toEqual({
      ok: false,
      problems: [
        { kind: 'missing_variable', variable: 'firstName', part: 'subject' },
        { kind: 'missing_variable', variable: 'firstName', part: 'body' },
        { kind: 'missing_variable', variable: 'company', part: 'body' },
      ],
    });
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

  it('keeps line breaks out of the subject but not out of the body', () => {
    expect(render('Re: {{ title }}', '{{ title }}', { title: 'Senior\r\nEngineer' })).toEqual({
      ok: true,
      email: { subject: 'Re: Senior Engineer', body: 'Senior\r\nEngineer' },
    });
  });

  it('explains each missing variable once, with every part it appears in', () => {
    const result = render('Hi {{ firstName }}', '{{ firstName }} at {{ company }}');
    if (result.ok) throw new Error('expected problems');
    expect(explainTemplateProblems(result.problems)).toEqual({
      message:
        'Missing variable "firstName" (subject and body), "company" (body): the recipient has no value and the template has no fallback.',
      suggestedFix:
        'Add the variable to the recipient or a fallback to the template, e.g. {{ firstName | "there" }}, then retry.',
    });
  });
});
