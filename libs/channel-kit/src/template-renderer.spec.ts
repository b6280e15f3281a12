import { explainTemplateProblems, renderTemplate } from './template-renderer';

describe('renderTemplate', () => {
  it('fills placeholders with or without spaces inside the braces', () => {
    expect(renderTemplate('Hi {{ firstName }}, {{company}} here', { firstName: 'Ada', company: 'ACME' })).toEqual({
      ok: true,
      text: 'Hi Ada, ACME here',
    });
  });

  it('uses the fallback when the variable is absent, in double or single quotes', () => {
    expect(renderTemplate(`Hi {{ firstName | "there" }} / {{ firstName | 'friend' }}`, {})).toEqual({
      ok: true,
      text: 'Hi there / friend',
    });
  });

  it('prefers the recipient value over the fallback', () => {
    expect(renderTemplate('Hi {{ firstName | "there" }}', { firstName: 'Ada' })).toEqual({ ok: true, text: 'Hi Ada' });
  });

  it('treats a blank value as missing, so no message reads "Hi ,"', () => {
    expect(renderTemplate('Hi {{ firstName }},', { firstName: '  ' })).toEqual({
      ok: false,
      problems: [{ kind: 'missing_variable', variable: 'firstName' }],
    });
    expect(renderTemplate('Hi {{ firstName | "there" }},', { firstName: '' })).toEqual({ ok: true, text: 'Hi there,' });
  });

  it('reports every missing variable once, in order of first use', () => {
    expect(renderTemplate('{{ firstName }} {{ company }} {{ firstName }}', {})).toEqual({
      ok: false,
      problems: [
        { kind: 'missing_variable', variable: 'firstName' },
        { kind: 'missing_variable', variable: 'company' },
      ],
    });
  });

  it('does not take inherited object properties for variables', () => {
    expect(renderTemplate('{{ constructor }}', {})).toMatchObject({ ok: false });
  });

  it('flags malformed and unclosed placeholders instead of sending braces', () => {
    expect(renderTemplate('Hi {{ first name }} and {{ firstName', { firstName: 'Ada' })).toEqual({
      ok: false,
      problems: [
        { kind: 'malformed_placeholder', placeholder: '{{ first name }}' },
        { kind: 'malformed_placeholder', placeholder: '{{ firstName' },
      ],
    });
  });

  it('keeps braces, pipes and escaped quotes inside a fallback as text', () => {
    expect(renderTemplate('{{ x | "say \\"hi\\" | {{bye}}" }}!', {})).toEqual({
      ok: true,
      text: 'say "hi" | {{bye}}!',
    });
  });

  it('does not re-render placeholders that arrive inside a value', () => {
    expect(renderTemplate('{{ a }}', { a: '{{ b }}' })).toEqual({ ok: true, text: '{{ b }}' });
  });

  it('leaves text without placeholders untouched', () => {
    expect(renderTemplate('No braces } here {', {})).toEqual({ ok: true, text: 'No braces } here {' });
  });
});

describe('explainTemplateProblems', () => {
  it('names each missing variable and suggests a fallback for the first', () => {
    const result = renderTemplate('{{ firstName }} at {{ company }}', {});
    if (result.ok) throw new Error('expected problems');
    expect(explainTemplateProblems(result.problems)).toEqual({
      message: 'Missing variable "firstName", "company": the recipient has no value and the template has no fallback.',
      suggestedFix:
        'Add the variable to the recipient or a fallback to the template, e.g. {{ firstName | "there" }}, then retry.',
    });
  });

  it('explains how to write a placeholder when one is malformed', () => {
    const result = renderTemplate('{{ 1x }}', {});
    if (result.ok) throw new Error('expected problems');
    expect(explainTemplateProblems(result.problems)).toEqual({
      message: 'Unrecognised placeholder {{ 1x }}.',
      suggestedFix: 'Write placeholders as {{ name }} or {{ name | "fallback" }}, then retry.',
    });
  });
});
