// Schema names end up in SQL identifiers, advisory-lock keys and connection startup options, so only
// plain lower-case identifiers are accepted: no quoting surprises, no injection through config.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid Postgres schema name "${schema}": use lower-case letters, digits and _ (max 63)`);
  }
  return schema;
}

export function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
