import { csvLine, parseRecipientsCsv } from './csv-rows';

describe('parseRecipientsCsv', () => {
  it('maps known columns to recipient fields and the rest to template variables', () => {
    const { rows, problems } = parseRecipientsCsv(
      'Email,First_Name,linkedin,Company\na@example.com,Ada,https://www.linkedin.com/in/ada,Acme\n',
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        email: 'a@example.com',
        firstName: 'Ada',
        linkedinProfile: 'https://www.linkedin.com/in/ada',
        variables: { Company: 'Acme' },
      },
    ]);
  });

  it('passes bad values on untouched for enrollment to refuse, and drops empty cells', () => {
    const { rows } = parseRecipientsCsv('email,phone\nnot-an-email,\n,+14155550100\n');
    expect(rows).toEqual([{ email: 'not-an-email' }, { phone: '+14155550100' }]);
  });

  it('reports a malformed line with its line number', () => {
    const { problems } = parseRecipientsCsv('email,firstName\na@example.com,Ada,extra\n');
    expect(problems).toEqual([expect.objectContaining({ line: 2 })]);
    expect(csvLine(0)).toBe(2);
  });
});
