import { assertSchemaName, quoteIdent } from './schema-name';

describe('assertSchemaName', () => {
  it.each(['enrollment', 'channel_email', '_private', 't_drift_123_abcdef'])('accepts %s', (name) => {
    expect(assertSchemaName(name)).toBe(name);
  });

  it.each(['', 'Enrollment', '1st', 'a-b', 'a b', 'x"; DROP SCHEMA public; --', 'a'.repeat(64)])(
    'rejects %j',
    (name) => {
      expect(() => assertSchemaName(name)).toThrow('Invalid Postgres schema name');
    },
  );
});

describe('quoteIdent', () => {
  it('wraps in double quotes and doubles embedded ones', () => {
    expect(quoteIdent('step')).toBe('"step"');
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
  });
});
